namespace ChatNetOps.Bot.Tests.Health;

using System.Net;
using System.Text.Json;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_AnswersOk()
    {
        using var factory = new BotFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_OnTheEmbeddedDefault_ReportsInventoryAndSqliteReachable()
    {
        using var factory = new BotFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var data = body.RootElement.GetProperty("checks").GetProperty("backends").GetProperty("data");
        Assert.Equal("reachable", data.GetProperty("sqlite").GetString());
        Assert.Contains("9 devices", data.GetProperty("inventory").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhenTheDatabaseFileIsGone_ReportsUnavailable()
    {
        using var factory = new BotFactory();
        using var client = factory.CreateClient();
        using (await client.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={factory.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 0;";
            await command.ExecuteNonQueryAsync();
        }

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public void UnknownStorageProvider_StopsStartupWithAClearMessage()
    {
        using var factory = new BotFactory();
        factory.Settings["Storage:Provider"] = "Postgres";

        var error = Assert.ThrowsAny<InvalidOperationException>(() => factory.CreateClient());

        Assert.Contains("Storage:Provider 'Postgres' is not supported", error.Message, StringComparison.Ordinal);
    }
}
