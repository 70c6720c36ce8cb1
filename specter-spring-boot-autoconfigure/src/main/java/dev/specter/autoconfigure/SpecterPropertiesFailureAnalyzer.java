package dev.specter.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up failure caused by an unusable {@code specter.*} property.
 */
class SpecterPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSpecterPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSpecterPropertyException cause) {
		return new FailureAnalysis("Invalid Specter configuration: " + cause.getMessage(),
				"Correct the property '" + cause.property() + "': " + cause.fix() + ".", cause);
	}

}
