namespace ChatNetOps.ChangeRecords.ServiceNow;

using System.Text.Json.Nodes;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.ChangeWindows;
using Microsoft.Extensions.Options;

/// <summary>
/// Change windows that stand for ServiceNow changes (when <c>ChangeRecords:Sink</c> is ServiceNow). <c>change open
/// CHG0031234 …</c> reads the change by number (Change Management API <c>GET /api/sn_chg_rest/change?sysparm_query=number=…</c>,
/// else the Table API <c>GET /api/now/table/change_request?sysparm_query=number=…</c>); <c>change open new …</c> creates a
/// normal change (<c>POST /api/sn_chg_rest/change/normal</c>) or a standard one from its template
/// (<c>POST /api/sn_chg_rest/change/standard/{template}</c>), else through the Table API with <c>type</c>, with the
/// window's summary, planned start and end and devices. Its number becomes the window's id. Same client, credentials
/// and rate-limit handling as the sink.
/// </summary>
internal sealed class ServiceNowChangeTicketing(ServiceNowSink sink, IOptions<ChangeRecordOptions> records, IOptions<ServiceNowOptions> options) : IChangeTicketing
{
    private const string Fields = "sys_id,number,type,state,short_description,start_date,end_date";

    public string System => sink.Name;

    public bool Enabled => records.Value.Enabled && string.Equals(records.Value.Sink.Trim(), sink.Name, StringComparison.OrdinalIgnoreCase);

    public async Task<ChangeTicket?> FindAsync(string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        var query = Uri.EscapeDataString("number=" + number);
        if (!sink.UseTableApi)
        {
            var found = await sink.SendAsync(HttpMethod.Get, $"/api/sn_chg_rest/change?sysparm_query={query}&sysparm_limit=1", null, "the change lookup by number", cancellationToken, notFoundIsMissingApi: true);
            if (found is not null)
            {
                return First(found);
            }
        }

        var table = await sink.SendAsync(HttpMethod.Get, $"/api/now/table/change_request?sysparm_query={query}&sysparm_fields={Fields}&sysparm_limit=1", null, "the change lookup by number (Table API)", cancellationToken);
        return First(table);
    }

    public async Task<ChangeTicket> CreateAsync(ChangeWindowDraft draft, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var type = draft.Type ?? "normal";
        var scope = draft.Group is not null ? "group " + draft.Group : string.Join(", ", draft.Devices);
        var body = new JsonObject
        {
            ["short_description"] = draft.Summary,
            ["description"] = $"Change window opened from chat by {requestedBy}.\nScope: {scope}.\nPlanned: {ServiceNowSink.Date(draft.Start)} – {ServiceNowSink.Date(draft.End)} UTC.",
            ["start_date"] = ServiceNowSink.Date(draft.Start),
            ["end_date"] = ServiceNowSink.Date(draft.End),
            ["correlation_display"] = ServiceNowSink.CorrelationDisplay,
        };
        if (!string.IsNullOrEmpty(options.Value.AssignmentGroup))
        {
            body["assignment_group"] = options.Value.AssignmentGroup;
        }

        if (!sink.UseTableApi)
        {
            var path = type == "standard" ? $"/api/sn_chg_rest/change/standard/{Uri.EscapeDataString(draft.Template!)}" : "/api/sn_chg_rest/change/normal";
            var created = await sink.SendAsync(HttpMethod.Post, path, body, "the change create", cancellationToken, notFoundIsMissingApi: true);
            if (created?["result"] is JsonObject result)
            {
                return Ticket(result, type) ?? throw new ChangeRecordException("ServiceNow created a change but its answer has no sys_id and number.", transient: false);
            }
        }

        body["type"] = type;
        if (type == "standard")
        {
            body["std_change_producer_version"] = draft.Template;
        }

        var table = await sink.SendAsync(HttpMethod.Post, "/api/now/table/change_request", body, "the change create (Table API)", cancellationToken);
        return table?["result"] is JsonObject row && Ticket(row, type) is { } ticket
            ? ticket
            : throw new ChangeRecordException("ServiceNow created a change but its answer has no sys_id and number.", transient: false);
    }

    /// <summary>The first row of a <c>{"result":[…]}</c> answer (the Change Management API may also answer one object).</summary>
    private ChangeTicket? First(JsonNode? answer) => answer?["result"] switch
    {
        JsonArray { Count: > 0 } rows when rows[0] is JsonObject row => Ticket(row, null),
        JsonObject row => Ticket(row, null),
        _ => null,
    };

    private ChangeTicket? Ticket(JsonObject row, string? type)
    {
        var id = ServiceNowSink.Field(row, "sys_id");
        var number = ServiceNowSink.Field(row, "number");
        return string.IsNullOrEmpty(id) || string.IsNullOrEmpty(number)
            ? null
            : new ChangeTicket(System, number, id, type ?? ServiceNowSink.Field(row, "type") ?? "normal")
            {
                Link = new Uri(sink.InstanceUrl, $"/change_request.do?sys_id={Uri.EscapeDataString(id)}").ToString(),
                State = ServiceNowSink.Field(row, "state"),
            };
    }
}
