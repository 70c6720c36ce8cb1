package dev.specter.sample;

import java.security.Principal;
import java.util.Map;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the page needs before it opens the WebSocket: the logged-in user's name and the
 * CSRF token that STOMP CONNECT must carry (as a header named {@code headerName}). The
 * token is the HTTP session's, masked afresh on each request as Spring Security does for
 * forms.
 */
@RestController
class SessionController {

	@GetMapping("/session")
	Map<String, String> session(Principal user, CsrfToken csrf) {
		return Map.of("user", user.getName(), "csrfHeader", csrf.getHeaderName(), "csrfToken", csrf.getToken());
	}

}
