package org.tonearm.http.manage;

/** Who may call a management route: anyone, any signed-in user, or admins only. */
public enum Access { PUBLIC, USER, ADMIN }
