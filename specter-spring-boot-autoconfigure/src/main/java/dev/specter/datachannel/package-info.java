/**
 * Data channels: their options and states, and inline message handlers that answer on
 * Specter's dispatch thread without a Spring event per message.
 */
package dev.specter.datachannel;
