package dev.specter.autoconfigure;

/**
 * Thrown at start-up when a {@code specter.*} property has a value Specter cannot use;
 * the {@link SpecterPropertiesFailureAnalyzer} turns it into a message naming the
 * property and the fix.
 */
public class InvalidSpecterPropertyException extends RuntimeException {

	private final String property;

	private final String fix;

	/**
	 * Creates the exception.
	 * @param property the property's name
	 * @param problem what is wrong with its value
	 * @param fix how to correct it
	 */
	public InvalidSpecterPropertyException(String property, String problem, String fix) {
		super(property + ": " + problem);
		this.property = property;
		this.fix = fix;
	}

	/**
	 * Returns the property's name.
	 * @return the name, e.g. {@code specter.port-range.min}
	 */
	public String property() {
		return this.property;
	}

	/**
	 * Returns how to correct the value.
	 * @return the fix
	 */
	public String fix() {
		return this.fix;
	}

}
