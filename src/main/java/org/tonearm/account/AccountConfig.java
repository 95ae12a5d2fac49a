package org.tonearm.account;

/**
 * Account settings: whether authentication is on at all (off: everyone acts as a system admin), whether anyone may
 * register (the very first account can always be registered and becomes admin).
 */
public record AccountConfig(boolean authEnabled, boolean registrationEnabled) {
}
