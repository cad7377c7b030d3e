package cn.xuncha.rectify.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The first filter of every request: a body larger than {@link BodyLimits} allows is answered 413 before anyone reads
 * it (a 700 MB body once exhausted the heap). A declared Content-Length is checked up front; a body of unknown length
 * (chunked) is counted as it is read, and the read that passes the limit answers 413 at once and fails, so whatever
 * the reader (Spring MVC, Jersey, another filter) makes of the failure never reaches the client.
 */
class BodyLimitFilter extends OncePerRequestFilter {

	private final BodyLimits limits;

	BodyLimitFilter(BodyLimits limits) {
		this.limits = limits;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = limits.limitFor(request);
		if (request.getContentLengthLong() > limit) {
			limits.answerTooLarge(response, limit);
			return;
		}
		var guarded = new SealableResponse(response);
		try {
			chain.doFilter(new LimitedRequest(request, limit, () -> guarded.seal(limits, limit)), guarded);
		}
		catch (BodyTooLargeException e) {
			// answered already
		}
		catch (ServletException | IOException | RuntimeException e) {
			if (!guarded.sealed) {
				throw e;
			}
			// a reader that wrapped the failure of the oversized body: answered already
		}
	}

	/** Thrown by the read that passes the limit; the 413 is on its way by then. */
	static final class BodyTooLargeException extends IOException {

		BodyTooLargeException(long limit) {
			super("request body larger than " + limit + " bytes");
		}
	}

	/** The request whose body stream fails past the limit. */
	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;
		private final Runnable onLimit;
		private ServletInputStream in;

		LimitedRequest(HttpServletRequest request, long limit, Runnable onLimit) {
			super(request);
			this.limit = limit;
			this.onLimit = onLimit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (in == null) {
				in = new LimitedInputStream(super.getInputStream(), limit, onLimit);
			}
			return in;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}
	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream in;
		private final long limit;
		private final Runnable onLimit;
		private long count;

		LimitedInputStream(ServletInputStream in, long limit, Runnable onLimit) {
			this.in = in;
			this.limit = limit;
			this.onLimit = onLimit;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) throws BodyTooLargeException {
			count += n;
			if (count > limit) {
				onLimit.run();
				throw new BodyTooLargeException(limit);
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}
	}

	/**
	 * Once sealed the response holds the 413 and ignores what the application still writes, e.g. the 400 a JSON
	 * reader makes of the broken body.
	 */
	private static final class SealableResponse extends HttpServletResponseWrapper {

		private boolean sealed;

		SealableResponse(HttpServletResponse response) {
			super(response);
		}

		void seal(BodyLimits limits, long limit) {
			if (sealed) {
				return;
			}
			sealed = true;
			HttpServletResponse response = (HttpServletResponse) getResponse();
			if (response.isCommitted()) {
				return;
			}
			try {
				limits.answerTooLarge(response, limit);
			}
			catch (IOException e) {
				// the client is gone; the failing read ends the request anyway
			}
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			return sealed ? Discard.STREAM : super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			return sealed ? new PrintWriter(Writer.nullWriter()) : super.getWriter();
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			if (!sealed) {
				super.sendError(status, message);
			}
		}

		@Override
		public void sendError(int status) throws IOException {
			if (!sealed) {
				super.sendError(status);
			}
		}

		@Override
		public void sendRedirect(String location) throws IOException {
			if (!sealed) {
				super.sendRedirect(location);
			}
		}

		@Override
		public void setStatus(int status) {
			if (!sealed) {
				super.setStatus(status);
			}
		}

		@Override
		public void reset() {
			if (!sealed) {
				super.reset();
			}
		}

		@Override
		public void resetBuffer() {
			if (!sealed) {
				super.resetBuffer();
			}
		}
	}

	private static final class Discard extends ServletOutputStream {

		static final Discard STREAM = new Discard();

		@Override
		public void write(int b) {
		}

		@Override
		public void write(byte[] b, int off, int len) {
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
		}
	}
}
