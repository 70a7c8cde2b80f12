using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Postgres;

/// <summary>
/// The key ring is in the database: a token issued by one node is accepted by another node of the same database, and
/// by nothing else (test hosts have no key folder in common that could hide a missing shared ring).
/// </summary>
public abstract class SharedKeyRing<TFirst>(TFirst first) where TFirst : HomeSerFactory
{
    protected TFirst First => first;

    protected abstract HomeSerFactory SecondNode();

    protected abstract HomeSerFactory OtherDatabase();

    [Fact]
    public async Task A_bearer_token_from_one_node_is_accepted_by_another()
    {
        var user = await first.CreateUserAsync(Roles.Customer);
        var token = (await first.ClientForAsync(user.Email!)).DefaultRequestHeaders.Authorization!;
        using var second = SecondNode();
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(token.Scheme, token.Parameter);

        var me = await client.GetAsync("/api/auth/me/");

        Assert.True(me.StatusCode == HttpStatusCode.OK, $"{(int)me.StatusCode}: {await me.Content.ReadAsStringAsync()}");
        Assert.Equal(user.Email, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
    }

    [Fact]
    public void What_one_node_protects_another_node_of_the_database_reads_and_no_other_database_does()
    {
        var secret = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("the same ring");
        using var second = SecondNode();
        using var other = OtherDatabase();

        Assert.Equal("the same ring", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
        Assert.ThrowsAny<CryptographicException>(() => other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class SharedKeyRingOnPostgresTests(PostgresFactory first) : SharedKeyRing<PostgresFactory>(first), IClassFixture<PostgresFactory>
{
    protected override HomeSerFactory SecondNode() => new PostgresNodeFactory(First);

    protected override HomeSerFactory OtherDatabase() => new PostgresFactory();
}

public sealed class SharedKeyRingOnSqliteTests(SharedKeyRingOnSqliteTests.FirstNode first) : SharedKeyRing<SharedKeyRingOnSqliteTests.FirstNode>(first), IClassFixture<SharedKeyRingOnSqliteTests.FirstNode>
{
    /// <summary>The first node of a SQLite file the second node opens too (kept until the class ends).</summary>
    public sealed class FirstNode : HomeSerFactory;

    private sealed class SecondSqliteNode(string folder) : HomeSerFactory(folder, keepFolder: true);

    protected override HomeSerFactory SecondNode() => new SecondSqliteNode(First.Folder);

    protected override HomeSerFactory OtherDatabase() => new HomeSerFactory();
}
