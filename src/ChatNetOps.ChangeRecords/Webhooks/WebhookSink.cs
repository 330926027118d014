namespace ChatNetOps.ChangeRecords.Webhooks;

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.ChangeRecords.Http;
using ChatNetOps.Core;
using ChatNetOps.Core.ChangeRecords;
using Microsoft.Extensions.Options;
using StandardWebhooks;

/// <summary>
/// A signed POST per event (Standard Webhooks v1: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>).
/// <c>webhook-id</c> is the audit event id, stable across retries, so a receiver that keeps the ids it has seen drops a
/// retry of a delivery that landed. The body: <c>{"type":"incident.{kind}","timestamp","data":{audit event}}</c>.
/// </summary>
internal sealed class WebhookSink(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time) : IChangeRecordSink
{
    public const string HttpClientName = "ChatNetOps.ChangeRecords.Webhook";

    public string Name => "Webhook";

    public bool KeepsTicket => false;

    public Task<TicketRef?> FindAsync(ChangeRecordContext context, CancellationToken cancellationToken) => Task.FromResult<TicketRef?>(null);

    public Task<TicketRef> CreateAsync(ChangeRecordContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The webhook sink keeps no ticket.");

    public Task CloseAsync(ChangeRecordContext context, TicketRef ticket, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The webhook sink keeps no ticket.");

    public async Task AppendAsync(ChangeRecordContext context, TicketRef? ticket, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var e = context.Event;
        var now = time.GetUtcNow();
        var payload = new JsonObject
        {
            ["type"] = $"incident.{JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Kind.ToString())}",
            ["timestamp"] = e.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = JsonSerializer.SerializeToNode(e, CoreJsonContext.Default.AuditEvent),
        }.ToJsonString();
        var signature = new StandardWebhook(settings.Secret!).Sign(e.Id, now, payload);

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", e.Id);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await HttpFailure.FromAsync("The webhook receiver", $"event {e.Id}", response, "ChangeRecords:Webhook:Url and Secret", time, cancellationToken);
        }
    }
}
