package cn.xuncha.rectify.system;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * A task was completed with input the rectification rules refuse (e.g. a deadline before today). The engine rolls
 * the completion back and Tasklist / REST answer 400 with this message.
 */
public class FormInputException extends FormFieldValidationException {

	public FormInputException(String field, String message) {
		super(field, message);
	}
}
