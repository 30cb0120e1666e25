package io.followup.store;

import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ExtensionMethod;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * Jdbi's SQL templates parsed once per statement text instead of once per execution.
 *
 * <p>Dropwizard's {@code JdbiFactory} installs its {@code NamePrependingTemplateEngine} (it puts
 * {@code /* Dao.method *&#47;} before a SQL Object's statement), which only renders: Jdbi cannot
 * cache what it does, so every statement ran Jdbi's ANTLR lexer over its SQL again (the profile of
 * issue 9). This engine prepends the same comment but parses through {@link
 * DefinedAttributeTemplateEngine#parse}, whose result Jdbi keeps in its template cache ({@link
 * SqlStatements#setTemplateCache}); {@code <name>} attributes still render per statement.
 */
public final class ParsedTemplates implements TemplateEngine.Parsing {
  private final DefinedAttributeTemplateEngine engine = new DefinedAttributeTemplateEngine();

  /** Installs the engine on {@code jdbi}; returns it. */
  public static Jdbi install(Jdbi jdbi) {
    jdbi.getConfig(SqlStatements.class).setTemplateEngine(new ParsedTemplates());
    return jdbi;
  }

  @Override
  public Optional<Function<StatementContext, String>> parse(
      String template, ConfigRegistry config) {
    return engine
        .parse(template, config)
        .map(render -> (Function<StatementContext, String>) ctx -> named(ctx, render.apply(ctx)));
  }

  private static String named(StatementContext ctx, String sql) {
    ExtensionMethod method = ctx.getExtensionMethod();
    if (method == null) {
      return sql;
    }
    String type = method.getType().getSimpleName();
    StringBuilder named = new StringBuilder(sql.length() + 100).append("/* ");
    if (!type.isEmpty()) {
      named.append(type).append('.');
    }
    return named.append(method.getMethod().getName()).append(" */ ").append(sql).toString();
  }
}
