using System.Net;
using HomeSer.Tests.Support;
using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Postgres;

/// <summary>Nodes starting together on an empty PostgreSQL database: one migrates and seeds, the others find it done.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStartupTests
{
    private sealed class DemoNode(string database, bool owns) : PostgresFactory(database, owns)
    {
        protected override bool SeedDemo => true;
    }

    [Fact]
    public async Task Four_nodes_starting_at_once_on_an_empty_database_migrate_once_and_seed_the_demo_once()
    {
        var database = $"homeser_t_{Guid.NewGuid():N}";
        var nodes = Enumerable.Range(0, 4).Select(i => new DemoNode(database, owns: i == 0)).ToList();
        try
        {
            // Each host's start runs Program's InitializeDatabaseAsync; all four race from an absent database.
            var clients = await Task.WhenAll(nodes.Select(node => Task.Run(() => node.CreateClient())));

            foreach (var client in clients)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            }
            var node0 = nodes[0];
            var applied = await node0.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync());
            var known = await node0.WithDbAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));
            Assert.Equal(known, applied.ToList());
            Assert.Equal(known.Count, await node0.SqlAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" """));
            Assert.Equal(1L, await node0.SqlAsync<long>("""SELECT count(*) FROM "AspNetUsers" WHERE "NormalizedEmail" = @e""", ("e", DemoSeeder.AdminEmail.ToUpperInvariant())));
            Assert.Equal(3L, await node0.SqlAsync<long>("""SELECT count(*) FROM "AspNetRoles" """));
            Assert.Equal(1L, await node0.SqlAsync<long>("""SELECT count(*) FROM "DataProtectionKeys" """));
            var providers = await node0.WithDbAsync(db => db.Providers.CountAsync());
            Assert.Equal(providers, await nodes[3].WithDbAsync(db => db.Providers.CountAsync()));
            Assert.True(providers > 0);
        }
        finally
        {
            // The owner last: it drops the database.
            for (var i = nodes.Count - 1; i >= 0; i--)
            {
                nodes[i].Dispose();
            }
        }
    }

    [Fact]
    public async Task The_demo_is_seeded_once_per_database_however_often_nodes_restart()
    {
        var database = $"homeser_t_{Guid.NewGuid():N}";
        using var first = new DemoNode(database, owns: true);
        first.CreateClient();
        var providers = await first.WithDbAsync(db => db.Providers.CountAsync());
        using (var second = new DemoNode(database, owns: false))
        {
            second.CreateClient();
        }

        Assert.Equal(providers, await first.WithDbAsync(db => db.Providers.CountAsync()));
        Assert.Equal("PostgresHomeSerDbContext", first.Services.CreateScope().ServiceProvider.GetRequiredService<HomeSerDbContext>().GetType().Name);
    }
}
