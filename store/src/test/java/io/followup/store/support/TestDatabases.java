package io.followup.store.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh PostgreSQL database per test class, on the machine's server (127.0.0.1:5432). */
public final class TestDatabases {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5432;
  public static final String USER = "postgres";

  private TestDatabases() {}

  public static String create() {
    String name = "followup_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + name);
    return name;
  }

  public static void drop(String name) {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  public static String url(String name) {
    return url(name, PORT);
  }

  public static String url(String name, int port) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + name;
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + HOST + ":" + PORT + ": " + e.getMessage(), e);
    }
  }
}
