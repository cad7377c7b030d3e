package cn.xuncha.rectify.review;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;
import cn.xuncha.rectify.system.Privileged;

/** Runs a half-monthly review now (or tells what it would do) and shows past reviews. */
@RestController
@RequestMapping("/api/reviews")
class ReviewController {

	private final ReviewService reviews;
	private final RuntimeService runtime;
	private final Privileged privileged;

	ReviewController(ReviewService reviews, RuntimeService runtime, Privileged privileged) {
		this.reviews = reviews;
		this.runtime = runtime;
		this.privileged = privileged;
	}

	@PostMapping
	ResponseEntity<ReviewService.Result> run(@RequestParam(defaultValue = "false") boolean dryRun, Viewer viewer) {
		viewer.require("发起整改进展梳理 (run a review)", Roles.OFFICE);
		if (dryRun) {
			return ResponseEntity.ok(reviews.run("MANUAL", true));
		}
		// The office may run a review; the engine starts it with its own authority (nobody holds CREATE_INSTANCE).
		var instance = privileged.call(() -> runtime.createProcessInstanceByKey(ReviewProcess.ID)
				.setVariable("trigger", "MANUAL").startBeforeActivity(ReviewProcess.TASK_EVALUATE_MEASURES).execute());
		Number id = (Number) runtime.getVariable(instance.getId(), "reviewId");
		var stored = reviews.result(id.longValue());
		@SuppressWarnings("unchecked")
		var departments = (List<String>) runtime.getVariable(instance.getId(), "reportDepartments");
		var due = (java.util.Date) runtime.getVariable(instance.getId(), "reportDueDate");
		// Accepted: the verdicts are stored; a large review's actions follow in chunk jobs (progress below and at
		// GET /api/reviews/{id}).
		return ResponseEntity.status(HttpStatus.ACCEPTED)
				.location(java.net.URI.create("/api/reviews/" + stored.id()))
				.body(new ReviewService.Result(stored.id(), false, stored.reviewedOn(), stored.measuresEvaluated(),
						stored.colours(), stored.overdue(), stored.actions(), departments, due.toInstant(),
						(String) runtime.getVariable(instance.getId(), "reviewSummary"), stored.progress()));
	}

	@GetMapping
	List<ReviewRepository.Review> list(Viewer viewer) {
		viewer.require("查看梳理记录 (read reviews)", Roles.SEE_ALL.toArray(String[]::new));
		return reviews.list();
	}

	@GetMapping("/{id}")
	Map<String, Object> review(@PathVariable long id, Viewer viewer) {
		viewer.require("查看梳理记录 (read reviews)", Roles.SEE_ALL.toArray(String[]::new));
		var items = reviews.items(id);
		var result = reviews.result(id, items);
		return Map.of("review", result, "progress", result.progress(), "items", items);
	}

	/**
	 * Only how far the review's actions have got: what a page or a script polls while the chunk jobs run (the whole
	 * record holds a verdict per open measure, 100,000 rows in a province).
	 */
	@GetMapping("/{id}/progress")
	ReviewService.Progress progress(@PathVariable long id, Viewer viewer) {
		viewer.require("查看梳理记录 (read reviews)", Roles.SEE_ALL.toArray(String[]::new));
		return reviews.progressOf(id);
	}
}
