package org.tonearm.store;

import java.util.Optional;

/** Named text values (JSON documents such as the download configuration) kept in the {@code app_settings} table. */
public final class SettingsRepository {
    private final Jdbc jdbc;

    SettingsRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String name) {
        return jdbc.one("SELECT value FROM app_settings WHERE name = ?", rs -> rs.getString(1), name);
    }

    public void put(String name, String value) {
        jdbc.update("INSERT INTO app_settings (name, value, updated_at) VALUES (?, ?, ?) "
            + "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            name, value, System.currentTimeMillis());
    }
}
