namespace ChatNetOps.ChangeRecords.Jira;

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.ChangeRecords.Http;
using ChatNetOps.Core.ChangeRecords;
using Microsoft.Extensions.Options;

/// <summary>
/// A Jira Cloud issue per incident (<c>POST /rest/api/3/issue</c>, description in ADF, labels <c>chatnetops</c> and
/// <c>chatnetops-{incident}</c>), an ADF comment per event, and a transition on close looked up by name
/// (<c>GET …/transitions</c>; ids differ per workflow). The issue key is stored locally by the dispatcher: Jira's JQL
/// search is eventually consistent, so there is never a search before a create. The one exception is recovery after a
/// crash between "created" and "stored", where a label search is the only way to find the issue (a very recent issue may
/// still be missing from it; the window is the crash-and-restart time).
/// </summary>
internal sealed class JiraSink(IHttpClientFactory clients, IOptions<JiraOptions> options, TimeProvider time) : IChangeRecordSink
{
    public const string HttpClientName = "ChatNetOps.ChangeRecords.Jira";
    private const string Credentials = "ChangeRecords:Jira:Email/ApiToken or BearerToken";

    private readonly RateLimitGate _limits = new("Jira", time);

    public string Name => "Jira";

    public bool KeepsTicket => true;

    public DateTimeOffset? PausedUntil => _limits.PausedUntil;

    private JiraOptions Settings => options.Value;

    public static string Label(string incident) => $"chatnetops-{incident.ToLowerInvariant()}";

    public async Task<TicketRef?> FindAsync(ChangeRecordContext context, CancellationToken cancellationToken)
    {
        var jql = $"project = \"{Settings.Project}\" AND labels = \"{Label(context.IncidentId)}\" ORDER BY created ASC";
        var found = await SendAsync(HttpMethod.Get, $"/rest/api/3/search/jql?jql={Uri.EscapeDataString(jql)}&fields=key&maxResults=1", null, "the issue lookup", cancellationToken);
        return found?["issues"] is JsonArray { Count: > 0 } issues && issues[0] is JsonObject issue ? Ticket(issue) : null;
    }

    public async Task<TicketRef> CreateAsync(ChangeRecordContext context, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["fields"] = new JsonObject
            {
                ["project"] = new JsonObject { ["key"] = Settings.Project },
                ["issuetype"] = new JsonObject { ["name"] = Settings.IssueType },
                ["summary"] = ChangeRecordText.Summary(context),
                ["description"] = Adf.Document(ChangeRecordText.Description(context)),
                ["labels"] = new JsonArray("chatnetops", Label(context.IncidentId)),
            },
        };
        var created = await SendAsync(HttpMethod.Post, "/rest/api/3/issue", body, "the issue create", cancellationToken);
        return created is JsonObject issue && Ticket(issue) is { } ticket
            ? ticket
            : throw new ChangeRecordException("Jira created an issue but its answer has no id and key.", transient: false);
    }

    public async Task AppendAsync(ChangeRecordContext context, TicketRef? ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (context.MayHaveBeenSent && await HasCommentAsync(ticket, context.Marker, cancellationToken))
        {
            return;
        }

        await SendAsync(HttpMethod.Post, $"/rest/api/3/issue/{Uri.EscapeDataString(ticket.Number)}/comment", new JsonObject { ["body"] = Adf.Document(ChangeRecordText.Note(context)) }, "the comment", cancellationToken);
    }

    public async Task CloseAsync(ChangeRecordContext context, TicketRef ticket, CancellationToken cancellationToken)
    {
        var key = Uri.EscapeDataString(ticket.Number);
        var transitions = await SendAsync(HttpMethod.Get, $"/rest/api/3/issue/{key}/transitions", null, "the transition lookup", cancellationToken);
        var wanted = Settings.CloseTransition;
        var available = (transitions?["transitions"] as JsonArray ?? []).OfType<JsonObject>().ToArray();
        var match = available.FirstOrDefault(t => string.Equals(t["name"]?.GetValue<string>(), wanted, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            if (context.MayHaveBeenSent && await IsInStatusAsync(key, wanted, cancellationToken))
            {
                return;
            }

            var names = string.Join(", ", available.Select(t => t["name"]?.GetValue<string>()).Where(n => n is not null));
            throw new ChangeRecordException(
                $"Jira issue {ticket.Number} has no transition named '{wanted}' from its current status (available: {(names.Length == 0 ? "none" : names)}); set ChangeRecords:Jira:CloseTransition to one of them.",
                transient: false);
        }

        var body = new JsonObject
        {
            ["transition"] = new JsonObject { ["id"] = match["id"]?.GetValue<string>() },
            ["update"] = new JsonObject
            {
                ["comment"] = new JsonArray(new JsonObject { ["add"] = new JsonObject { ["body"] = Adf.Document($"Close code: {ChangeRecordText.CloseCode(context)}\n{ChangeRecordText.CloseNotes(context)}") } }),
            },
        };
        await SendAsync(HttpMethod.Post, $"/rest/api/3/issue/{key}/transitions", body, "the close transition", cancellationToken);
    }

    private TicketRef? Ticket(JsonObject issue)
    {
        var id = issue["id"]?.GetValue<string>();
        var key = issue["key"]?.GetValue<string>();
        return string.IsNullOrEmpty(key) ? null : new TicketRef(id ?? key, key, new Uri(Settings.BaseUrl!, $"/browse/{Uri.EscapeDataString(key)}"));
    }

    private async Task<bool> HasCommentAsync(TicketRef ticket, string marker, CancellationToken cancellationToken)
    {
        var comments = await SendAsync(HttpMethod.Get, $"/rest/api/3/issue/{Uri.EscapeDataString(ticket.Number)}/comment?orderBy=-created&maxResults=100", null, "the comment lookup", cancellationToken);
        return (comments?["comments"] as JsonArray ?? []).Any(c => Adf.Texts(c?["body"]).Any(t => t.Contains(marker, StringComparison.Ordinal)));
    }

    private async Task<bool> IsInStatusAsync(string key, string status, CancellationToken cancellationToken)
    {
        var issue = await SendAsync(HttpMethod.Get, $"/rest/api/3/issue/{key}?fields=status", null, "the status lookup", cancellationToken);
        var current = issue?["fields"]?["status"];
        return string.Equals(current?["name"]?.GetValue<string>(), status, StringComparison.OrdinalIgnoreCase)
            || string.Equals(current?["statusCategory"]?["key"]?.GetValue<string>(), "done", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string pathAndQuery, JsonObject? body, string operation, CancellationToken cancellationToken)
    {
        var settings = Settings;
        var client = clients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(method, new Uri(settings.BaseUrl!, pathAndQuery));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Authorization = string.IsNullOrEmpty(settings.BearerToken)
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Email}:{settings.ApiToken}")))
            : new AuthenticationHeaderValue("Bearer", settings.BearerToken);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        _limits.ThrowIfPaused(operation);
        using var response = await client.SendAsync(request, cancellationToken);
        _limits.Observe(response);
        if (!response.IsSuccessStatusCode)
        {
            throw await HttpFailure.FromAsync("Jira", operation, response, Credentials, time, cancellationToken);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new ChangeRecordException($"Jira answered {operation} with something that is not JSON (is ChangeRecords:Jira:BaseUrl the site's address?).", transient: true);
        }
    }
}
