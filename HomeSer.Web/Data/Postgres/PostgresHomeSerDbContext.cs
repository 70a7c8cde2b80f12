using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Data.Postgres;

/// <summary>
/// The same model on PostgreSQL. A type of its own because EF Core finds migrations by context type: PostgreSQL's live in
/// <c>Data/Migrations/Postgres</c> beside SQLite's (EF Core's "migrations with multiple providers", one context type each).
/// Services still ask for <see cref="HomeSerDbContext"/>.
/// </summary>
public sealed class PostgresHomeSerDbContext(DbContextOptions<PostgresHomeSerDbContext> options) : HomeSerDbContext(options);
