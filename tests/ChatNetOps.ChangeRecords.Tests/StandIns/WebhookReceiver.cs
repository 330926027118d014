namespace ChatNetOps.ChangeRecords.Tests.StandIns;

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

/// <summary>
/// A Standard Webhooks receiver on 127.0.0.1 (spec: standard-webhooks/standard-webhooks <c>spec/standard-webhooks.md</c>):
/// verifies <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c> with the reference library's
/// <c>StandardWebhook.Verify</c>, answers 401 when verification fails, and keeps the ids it accepted.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<(string Id, string Body)> Accepted { get; } = new();

    private int _rejected;

    public int Rejected => Volatile.Read(ref _rejected);

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var verifier = new StandardWebhook(secret);
        app.MapPost("/hooks/chatnetops", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            try
            {
                verifier.Verify(body, request.Headers);
            }
            catch (Exception e) when (e.GetType().Name == "WebhookVerificationException")
            {
                Interlocked.Increment(ref receiver._rejected);
                return Results.StatusCode(401);
            }

            receiver.Accepted.Enqueue((request.Headers["webhook-id"].ToString(), body));
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Urls.First()), "/hooks/chatnetops");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
