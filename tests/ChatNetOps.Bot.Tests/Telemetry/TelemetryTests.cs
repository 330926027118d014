namespace ChatNetOps.Bot.Tests.Telemetry;

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

public sealed class TelemetryTests
{
    [Fact]
    public async Task WithAnApplicationInsightsConnectionString_TheHostStartsWithTracingConfigured()
    {
        using var factory = new BotFactory();
        // Ingestion goes to a closed loopback port: nothing leaves the machine.
        factory.Settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(factory.Services.GetService<TracerProvider>());
    }
}
