namespace ChatNetOps.ChangeRecords.ServiceNow;

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatNetOps.ChangeRecords.Http;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Inventory;
using Microsoft.Extensions.Options;

/// <summary>
/// A ServiceNow change request per incident. Creates through the Change Management API
/// (<c>POST /api/sn_chg_rest/change/{emergency|normal}</c>, <c>/standard/{template}</c>) and falls back to the Table API
/// (<c>POST /api/now/table/change_request</c>) when the instance answers 404 for it (or <c>TableApiOnly</c>). Every
/// change carries <c>correlation_id</c> = the incident id and <c>correlation_display</c> = ChatNetOps, so after a crash
/// between "created" and "stored" the change is found by a Table API query instead of created again. One
/// <c>work_notes</c> entry per event, each starting with the event's marker: a retry that may have landed looks the
/// marker up in <c>sys_journal_field</c> first. Close writes <c>close_code</c> and <c>close_notes</c>. Fields read back
/// as plain strings or <c>{value, display_value}</c> objects alike. <c>cmdb_ci</c> is the <c>servicenow_ci</c> of the
/// incident's first device (in run order) that has one: a sys_id as it is, a name looked up in <c>cmdb_ci</c> (one match
/// only; none or several leave the field empty) and remembered for an hour. The incident's further devices with a CI are
/// the change's Affected CIs: one <c>task_ci</c> row each (<c>task</c> = the change's sys_id, <c>ci_item</c> = the CI's
/// sys_id), written with every event once the change exists, after reading the rows it has (so a retry adds none twice).
/// A device without a CI is named in the work note of its event (and in the description) instead.
/// </summary>
internal sealed partial class ServiceNowSink(IHttpClientFactory clients, IOptions<ServiceNowOptions> options, TimeProvider time, InventoryCatalog? catalog = null) : IChangeRecordSink
{
    public const string HttpClientName = "ChatNetOps.ChangeRecords.ServiceNow";
    public const string CorrelationDisplay = "ChatNetOps";
    private const string Credentials = "ChangeRecords:ServiceNow:Username/Password or ClientId/ClientSecret";

    private readonly RateLimitGate _limits = new("ServiceNow", time);

    /// <summary>How long a CI name's lookup (found or not) is remembered.</summary>
    private static readonly TimeSpan CiLookupLifetime = TimeSpan.FromHours(1);

    private readonly Dictionary<string, (string? SysId, DateTimeOffset At)> _ciByName = new(StringComparer.Ordinal);

    /// <summary>Per change sys_id, the CIs known to be its Affected CIs (so an event with no new device reads nothing); bounded.</summary>
    private readonly Dictionary<string, HashSet<string>> _affected = new(StringComparer.Ordinal);

    private const int MaxRememberedChanges = 1000;

    private volatile bool _noChangeApi;

    public string Name => "ServiceNow";

    public bool KeepsTicket => true;

    public DateTimeOffset? PausedUntil => _limits.PausedUntil;

    private ServiceNowOptions Settings => options.Value;

    /// <summary>Whether calls go to the Table API (configured, or the instance has no Change Management API).</summary>
    internal bool UseTableApi => Settings.TableApiOnly || _noChangeApi;

    internal Uri InstanceUrl => Settings.InstanceUrl!;

    public async Task<TicketRef?> FindAsync(ChangeRecordContext context, CancellationToken cancellationToken)
    {
        var query = $"correlation_id={context.IncidentId}^correlation_display={CorrelationDisplay}";
        var uri = $"/api/now/table/change_request?sysparm_query={Uri.EscapeDataString(query)}&sysparm_fields=sys_id,number&sysparm_limit=1";
        var result = await SendAsync(HttpMethod.Get, uri, null, "the change lookup by correlation_id", cancellationToken);
        return result?["result"] is JsonArray { Count: > 0 } found && found[0] is JsonObject first ? Ticket(first) : null;
    }

    public async Task<TicketRef> CreateAsync(ChangeRecordContext context, CancellationToken cancellationToken)
    {
        var settings = Settings;
        var start = context.Incident?.OpenedAt ?? context.Event.Timestamp;
        var items = await ConfigurationItemsAsync(context, cancellationToken);
        var body = new JsonObject
        {
            ["short_description"] = ChangeRecordText.Summary(context),
            ["description"] = ChangeRecordText.Description(context, WithoutCi(items, null)),
            ["correlation_id"] = context.IncidentId,
            ["correlation_display"] = CorrelationDisplay,
            ["start_date"] = Date(start),
            ["end_date"] = Date(start + settings.PlannedDuration),
        };
        if (!string.IsNullOrEmpty(settings.AssignmentGroup))
        {
            body["assignment_group"] = settings.AssignmentGroup;
        }

        if (Primary(items) is { } ci)
        {
            body["cmdb_ci"] = ci;
        }

        var type = settings.ChangeType.ToLowerInvariant();
        if (!UseTableApi)
        {
            var path = type == "standard" ? $"/api/sn_chg_rest/change/standard/{Uri.EscapeDataString(settings.StandardTemplate!)}" : $"/api/sn_chg_rest/change/{type}";
            var created = await SendAsync(HttpMethod.Post, path, body, "the change create", cancellationToken, notFoundIsMissingApi: true);
            if (created?["result"] is JsonObject result)
            {
                var made = Ticket(result) ?? throw new ChangeRecordException("ServiceNow created a change but its answer has no sys_id and number.", transient: false);
                await LinkAffectedAsync(made, items, cancellationToken);
                return made;
            }
        }

        body["type"] = type;
        if (type == "standard" && settings.StandardTemplate is { } template)
        {
            body["std_change_producer_version"] = template;
        }

        var table = await SendAsync(HttpMethod.Post, "/api/now/table/change_request", body, "the change create (Table API)", cancellationToken);
        var ticket = table?["result"] is JsonObject row && Ticket(row) is { } found
            ? found
            : throw new ChangeRecordException("ServiceNow created a change but its answer has no sys_id and number.", transient: false);
        await LinkAffectedAsync(ticket, items, cancellationToken);
        return ticket;
    }

    public async Task AppendAsync(ChangeRecordContext context, TicketRef? ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);

        // First, so an event sent again after its note landed still completes the Affected CIs (nothing is added twice).
        var items = await ConfigurationItemsAsync(context, cancellationToken);
        await LinkAffectedAsync(ticket, items, cancellationToken);
        if (context.MayHaveBeenSent && await HasNoteAsync(ticket, context.Marker, cancellationToken))
        {
            return;
        }

        var note = new JsonObject { ["work_notes"] = ChangeRecordText.Note(context, WithoutCi(items, context.Event.Device)) };
        if (Primary(items) is { } ci)
        {
            // The same value every time (the incident's first device with a CI), so setting it again changes nothing.
            note["cmdb_ci"] = ci;
        }

        await PatchAsync(ticket, note, "the work note", cancellationToken);
    }

    public async Task CloseAsync(ChangeRecordContext context, TicketRef ticket, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["close_code"] = ChangeRecordText.CloseCode(context),
            ["close_notes"] = ChangeRecordText.CloseNotes(context),
        };
        if (!string.IsNullOrEmpty(Settings.CloseState))
        {
            body["state"] = Settings.CloseState;
        }

        await LinkAffectedAsync(ticket, await ConfigurationItemsAsync(context, cancellationToken), cancellationToken);
        await PatchAsync(ticket, body, "the close", cancellationToken);
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex SysId();

    /// <summary>
    /// The incident's devices in run order (then the event's device), each with its CI's sys_id (null when the inventory
    /// has no <c>servicenow_ci</c> for it, or its name matches no single CI). Empty without an inventory.
    /// </summary>
    private async Task<IReadOnlyList<(string Device, string? SysId)>> ConfigurationItemsAsync(ChangeRecordContext context, CancellationToken cancellationToken)
    {
        if (catalog is null)
        {
            return [];
        }

        var devices = context.Requests.OrderBy(r => r.CreatedAt).SelectMany(r => r.Targets).Append(context.Event.Device)
            .OfType<string>().Distinct(StringComparer.Ordinal);
        var items = new List<(string, string?)>();
        foreach (var device in devices)
        {
            var ci = catalog.FindDevice(device)?.ServiceNowCi?.Trim();
            items.Add((device, string.IsNullOrEmpty(ci) ? null : await ResolveAsync(ci, cancellationToken)));
        }

        return items;
    }

    /// <summary>The sys_id for <c>cmdb_ci</c>: the CI of the incident's first device (in run order) that has one.</summary>
    private static string? Primary(IReadOnlyList<(string Device, string? SysId)> items) => items.Select(i => i.SysId).FirstOrDefault(s => s is not null);

    /// <summary>The devices without a CI (all of them, or only <paramref name="device"/> when one is given), for the record's text.</summary>
    private static IReadOnlyList<string> WithoutCi(IReadOnlyList<(string Device, string? SysId)> items, string? device) =>
        [.. items.Where(i => i.SysId is null && (device is null || string.Equals(i.Device, device, StringComparison.Ordinal))).Select(i => i.Device)];

    /// <summary>A <c>servicenow_ci</c> as a sys_id: one as it is, a name looked up in <c>cmdb_ci</c> (remembered for an hour).</summary>
    private async Task<string?> ResolveAsync(string ci, CancellationToken cancellationToken)
    {
        if (SysId().IsMatch(ci))
        {
            return ci.ToLowerInvariant();
        }

        var now = time.GetUtcNow();
        lock (_ciByName)
        {
            if (_ciByName.TryGetValue(ci, out var known) && now - known.At < CiLookupLifetime)
            {
                return known.SysId;
            }
        }

        // A name: the one CI of that name (the schema keeps '^', the encoded query's separator, out of it).
        var uri = $"/api/now/table/cmdb_ci?sysparm_query={Uri.EscapeDataString("name=" + ci)}&sysparm_fields=sys_id&sysparm_limit=2";
        var found = await SendAsync(HttpMethod.Get, uri, null, $"the lookup of CI '{ci}'", cancellationToken);
        var sysId = found?["result"] is JsonArray { Count: 1 } rows && rows[0] is JsonObject row ? Field(row, "sys_id") : null;
        lock (_ciByName)
        {
            _ciByName[ci] = (sysId, now);
        }

        return sysId;
    }

    /// <summary>
    /// Makes the CIs after the first (which is <c>cmdb_ci</c>) the change's Affected CIs: reads the change's <c>task_ci</c>
    /// rows and adds one for each CI it lacks, so an event sent again (or an earlier partial attempt) adds none twice.
    /// </summary>
    private async Task LinkAffectedAsync(TicketRef ticket, IReadOnlyList<(string Device, string? SysId)> items, CancellationToken cancellationToken)
    {
        var wanted = items.Select(i => i.SysId).OfType<string>().Distinct(StringComparer.Ordinal).Skip(1).ToArray();
        if (wanted.Length == 0)
        {
            return;
        }

        lock (_affected)
        {
            if (_affected.TryGetValue(ticket.Id, out var known) && wanted.All(known.Contains))
            {
                return;
            }
        }

        var query = $"task={ticket.Id}";
        var uri = $"/api/now/table/task_ci?sysparm_query={Uri.EscapeDataString(query)}&sysparm_fields=ci_item&sysparm_limit=1000";
        var found = await SendAsync(HttpMethod.Get, uri, null, "the Affected CIs lookup", cancellationToken);
        var linked = (found?["result"] as JsonArray ?? []).OfType<JsonObject>().Select(r => Field(r, "ci_item")).OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var ci in wanted.Where(c => !linked.Contains(c)))
        {
            await SendAsync(HttpMethod.Post, "/api/now/table/task_ci", new JsonObject { ["task"] = ticket.Id, ["ci_item"] = ci }, "an Affected CI", cancellationToken);
            linked.Add(ci);
        }

        lock (_affected)
        {
            if (_affected.Count >= MaxRememberedChanges && !_affected.ContainsKey(ticket.Id))
            {
                _affected.Clear();
            }

            _affected[ticket.Id] = [.. linked];
        }
    }

    internal static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A field as a plain string or as <c>{value, display_value}</c> (Change Management API, <c>sysparm_display_value=all</c>).</summary>
    internal static string? Field(JsonObject row, string name) => row[name] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o => (o["display_value"] as JsonValue)?.GetValue<string>() is { Length: > 0 } display && name == "number" ? display : (o["value"] as JsonValue)?.GetValue<string>(),
        _ => null,
    };

    private TicketRef? Ticket(JsonObject row)
    {
        var id = Field(row, "sys_id");
        var number = Field(row, "number");
        return string.IsNullOrEmpty(id) || string.IsNullOrEmpty(number)
            ? null
            : new TicketRef(id, number, new Uri(Settings.InstanceUrl!, $"/change_request.do?sys_id={Uri.EscapeDataString(id)}"));
    }

    private async Task<bool> HasNoteAsync(TicketRef ticket, string marker, CancellationToken cancellationToken)
    {
        var query = $"element_id={ticket.Id}^element=work_notes^valueLIKE{marker}";
        var uri = $"/api/now/table/sys_journal_field?sysparm_query={Uri.EscapeDataString(query)}&sysparm_fields=sys_id&sysparm_limit=1";
        var found = await SendAsync(HttpMethod.Get, uri, null, "the work note lookup", cancellationToken);
        return found?["result"] is JsonArray { Count: > 0 };
    }

    private async Task PatchAsync(TicketRef ticket, JsonObject body, string operation, CancellationToken cancellationToken)
    {
        if (!UseTableApi)
        {
            var patched = await SendAsync(HttpMethod.Patch, $"/api/sn_chg_rest/change/{Uri.EscapeDataString(ticket.Id)}", body, operation, cancellationToken, notFoundIsMissingApi: true);
            if (patched is not null)
            {
                return;
            }
        }

        await SendAsync(HttpMethod.Patch, $"/api/now/table/change_request/{Uri.EscapeDataString(ticket.Id)}", body, $"{operation} (Table API)", cancellationToken);
    }

    /// <summary>The parsed answer; null when <paramref name="notFoundIsMissingApi"/> and the instance has no Change Management API.</summary>
    internal async Task<JsonNode?> SendAsync(HttpMethod method, string pathAndQuery, JsonObject? body, string operation, CancellationToken cancellationToken, bool notFoundIsMissingApi = false)
    {
        var client = clients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(method, new Uri(Settings.InstanceUrl!, pathAndQuery));
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        _limits.ThrowIfPaused(operation);
        using var response = await client.SendAsync(request, cancellationToken);
        _limits.Observe(response);
        if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsMissingApi && await IsMissingApiAsync(response, cancellationToken))
        {
            _noChangeApi = true;
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await HttpFailure.FromAsync("ServiceNow", operation, response, Credentials, time, cancellationToken);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new ChangeRecordException($"ServiceNow answered {operation} with something that is not JSON (is ChangeRecords:ServiceNow:InstanceUrl the instance's address?).", transient: true);
        }
    }

    /// <summary>ServiceNow answers an unknown REST resource with 404 "Requested URI does not represent any resource".</summary>
    private static async Task<bool> IsMissingApiAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Contains("does not represent any resource", StringComparison.OrdinalIgnoreCase);
    }
}
