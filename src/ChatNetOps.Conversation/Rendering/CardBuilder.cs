namespace ChatNetOps.Conversation.Rendering;

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// Builds each card's data object from Core state (the contracts are the templates in cards/) and binds it to its
/// template. Every list and text is cut to <see cref="CardLimits"/>, and every cut is stated in the card.
/// </summary>
public sealed class CardBuilder(CardTemplates templates, InventoryCatalog catalog)
{
    public const string BotName = "ChatNetOps";

    private const int ResultJsonChatBytes = 20 * 1024;

    public OutboundMessage Help(HelpView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var commands = new JsonArray();
        foreach (var (usage, description) in view.Commands)
        {
            commands.Add(new JsonObject { ["usage"] = usage, ["description"] = description });
        }

        var data = new JsonObject
        {
            ["botName"] = BotName,
            ["commands"] = commands,
            ["tips"] = new JsonArray([.. view.Tips.Select(t => (JsonNode?)JsonValue.Create(t))]),
        };
        var text = $"{BotName} help: " + string.Join("; ", view.Commands.Select(c => c.Usage));
        return Card(CardNames.Help, data, text);
    }

    public OutboundMessage RunbookList(IReadOnlyList<Runbook> runbooks)
    {
        var capped = CardLimits.Cap(runbooks, CardLimits.ListedItems);
        var data = new JsonObject
        {
            ["runbooks"] = new JsonArray([.. capped.Items.Select(r => (JsonNode?)new JsonObject
            {
                ["name"] = r.Name,
                ["title"] = Formats.Title(r),
                ["description"] = r.Description,
                ["stateChanging"] = r.IsStateChanging,
                ["platforms"] = new JsonArray([.. r.Platforms.Select(p => (JsonNode?)JsonValue.Create(p.ToName()))]),
            })]),
            ["shown"] = capped.Items.Count,
            ["total"] = capped.Total,
        };
        var text = runbooks.Count == 0 ? "No runbooks are available to you here." : "Runbooks: " + string.Join(", ", runbooks.Select(r => r.Name));
        return Card(CardNames.RunbookList, data, text);
    }

    /// <summary>
    /// The devices a user may target here (<paramref name="group"/> when the list was narrowed to one group), each with
    /// who holds its lock when one of <paramref name="activeLocks"/> is on it. Lists at most
    /// <see cref="CardLimits.ListedLines"/> devices, fewer if needed to fit a Teams message, and says how many were left out.
    /// </summary>
    public OutboundMessage DeviceList(IReadOnlyList<Device> devices, string? group, IReadOnlyList<DeviceLock> activeLocks)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(activeLocks);
        var lockedBy = activeLocks.GroupBy(l => l.Device, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Owner.DisplayName, StringComparer.OrdinalIgnoreCase);

        var text = new StringBuilder(group is null ? $"Devices you may target here ({devices.Count}):\n" : $"Devices in {group} you may target here ({devices.Count}):\n");
        var listed = CardLimits.Cap(devices, CardLimits.ListedLines);
        foreach (var d in listed.Items)
        {
            text.Append("- ").Append(d.Name).Append(" (").Append(d.Platform.ToName()).Append(", ").Append(string.Join("/", d.Groups)).Append(", ").Append(d.Site).Append(')')
                .Append(lockedBy.TryGetValue(d.Name, out var holder) ? $", locked by {holder}" : string.Empty).Append('\n');
        }

        if (listed.MoreNote is { } more)
        {
            text.Append('…').Append(more).Append(" not listed; narrow with devices GROUP.\n");
        }

        return FittingList(devices, CardLimits.ListedLines, capped =>
        {
            var data = new JsonObject
            {
                ["devices"] = new JsonArray([.. capped.Items.Select(d =>
                {
                    var item = new JsonObject
                    {
                        ["name"] = d.Name,
                        ["platform"] = d.Platform.ToName(),
                        ["site"] = d.Site,
                        ["groups"] = new JsonArray([.. d.Groups.Select(g => (JsonNode?)JsonValue.Create(g))]),
                    };
                    if (lockedBy.TryGetValue(d.Name, out var holder))
                    {
                        item["lockedBy"] = holder;
                    }

                    return (JsonNode?)item;
                })]),
                ["total"] = capped.Total,
            };
            if (group is not null)
            {
                data["group"] = group;
            }

            return Card(CardNames.DeviceList, data, text.ToString().TrimEnd('\n'));
        });
    }

    /// <summary>
    /// The device locks held now (<paramref name="held"/>, in the order given): device, operator, request, runbook,
    /// incident, since and lease. Lists at most <see cref="CardLimits.ListedLines"/>, fewer if needed to fit a Teams
    /// message, and says how many were left out.
    /// </summary>
    public OutboundMessage LockList(IReadOnlyList<DeviceLock> held)
    {
        ArgumentNullException.ThrowIfNull(held);
        var text = new StringBuilder($"Locked devices ({held.Count}):\n");
        var listed = CardLimits.Cap(held, CardLimits.ListedLines);
        foreach (var l in listed.Items)
        {
            text.Append("- ").Append(l.Device).Append(": ").Append(l.Runbook).Append(" by ").Append(l.Owner.DisplayName)
                .Append(l.Incident is null ? string.Empty : $" for {l.Incident}")
                .Append(" since ").Append(Formats.Time(l.AcquiredAt)).Append(", request ").Append(l.RequestId).Append('\n');
        }

        if (listed.MoreNote is { } more)
        {
            text.Append('…').Append(more).Append(" not listed.\n");
        }

        return FittingList(held, CardLimits.ListedLines, capped =>
        {
            var data = new JsonObject
            {
                ["locks"] = new JsonArray([.. capped.Items.Select(l =>
                {
                    var item = new JsonObject
                    {
                        ["device"] = l.Device,
                        ["operator"] = l.Owner.DisplayName,
                        ["requestId"] = l.RequestId,
                        ["runbook"] = l.Runbook,
                        ["since"] = Formats.Time(l.AcquiredAt),
                        ["leaseUntil"] = Formats.Time(l.LeaseUntil),
                    };
                    if (l.Incident is not null)
                    {
                        item["incidentId"] = l.Incident;
                    }

                    return (JsonNode?)item;
                })]),
                ["total"] = capped.Total,
            };
            return Card(CardNames.LockList, data, text.ToString().TrimEnd('\n'));
        });
    }

    /// <summary>The form asking for a runbook's missing inputs; the device choice holds only devices the user may target.</summary>
    public OutboundMessage RequestForm(Runbook runbook, IReadOnlyList<Device> allowedDevices, IReadOnlyDictionary<string, string> supplied, string? incident)
    {
        ArgumentNullException.ThrowIfNull(runbook);
        var devices = CardLimits.Cap(allowedDevices, 100);
        var inputs = new JsonArray();
        foreach (var input in runbook.Inputs.Where(i => i.Type != InputType.Device))
        {
            supplied.TryGetValue(input.Name, out var value);
            value ??= input.Default;
            var label = Label(input);
            var item = new JsonObject { ["id"] = input.Name, ["label"] = label, ["required"] = input.Required };
            switch (input.Type)
            {
                case InputType.Enum:
                    item["kind"] = "choice";
                    item["choices"] = new JsonArray([.. input.Values.Select(v => (JsonNode?)new JsonObject { ["title"] = v, ["value"] = v })]);
                    break;
                case InputType.DeviceGroup:
                    item["kind"] = "choice";
                    item["choices"] = new JsonArray([.. catalog.Groups.Order(StringComparer.OrdinalIgnoreCase).Select(g => (JsonNode?)new JsonObject { ["title"] = g, ["value"] = g })]);
                    break;
                case InputType.Integer when input.Min is not null && input.Max is not null:
                    item["kind"] = "integer";
                    item["min"] = input.Min;
                    item["max"] = input.Max;
                    break;
                default:
                    item["kind"] = "text";
                    if (Pattern(input) is { } pattern)
                    {
                        item["regex"] = pattern;
                    }

                    item["errorMessage"] = input.Description is null ? $"Enter a valid {label}." : $"{input.Description}";
                    break;
            }

            if (value is not null)
            {
                item["value"] = value;
            }

            inputs.Add(item);
        }

        var data = new JsonObject
        {
            ["runbook"] = new JsonObject
            {
                ["name"] = runbook.Name,
                ["title"] = Formats.Title(runbook),
                ["description"] = runbook.Description,
                ["stateChanging"] = runbook.IsStateChanging,
            },
            ["devices"] = new JsonArray([.. devices.Items.Select(d => (JsonNode?)new JsonObject
            {
                ["name"] = d.Name,
                ["label"] = $"{d.Name} ({d.Platform.ToName()}, {string.Join("/", d.Groups)})",
            })]),
            ["inputs"] = inputs,
        };
        if (incident is not null)
        {
            data["incidentId"] = incident;
        }

        var card = Render(CardNames.RequestForm, data);
        if (runbook.Inputs.All(i => i.Type != InputType.Device))
        {
            // The template always offers the device choice; a runbook without a device input must not send one.
            (card["body"] as JsonArray)?.OfType<JsonObject>().Where(e => (string?)e["id"] == "device").ToList().ForEach(e => ((JsonArray)card["body"]!).Remove(e));
        }

        var missing = string.Join(", ", runbook.Inputs.Where(i => i.Required && !supplied.ContainsKey(i.Name)).Select(i => i.Name));
        return new OutboundMessage($"{runbook.Name} needs {missing}: fill in the form, or type run {runbook.Name} {string.Join(' ', runbook.Inputs.Where(i => i.Required).Select(i => i.Name + "=…"))}", card)
        {
            CardName = CardNames.RequestForm,
        };
    }

    /// <summary>The approval card. <paramref name="canAct"/> false gives the read-only view (requester, non-approvers).</summary>
    public OutboundMessage Approval(RunRequest request, IReadOnlyList<Member> approvers, bool canAct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runbook = catalog.FindRunbook(request.Runbook);
        var ids = approvers.Select(a => PlatformId(a, request.Origin.Platform)).OfType<string>().Take(CardLimits.TeamsRefreshUserIds);
        var data = new JsonObject
        {
            ["requestId"] = request.Id,
            ["runbook"] = RunbookRef(request.Runbook),
            ["device"] = DeviceText(request.Targets),
            ["commandIntent"] = Intent(request, runbook),
            ["incidentId"] = request.Incident ?? "none",
            ["blastRadius"] = runbook?.BlastRadius ?? "unknown (runbook no longer in the catalog)",
            ["rollbackNote"] = runbook?.Rollback ?? "unknown",
            ["requester"] = Person(request.Requester),
            ["requestedAt"] = Formats.Time(request.CreatedAt),
            ["expiresAt"] = request.ExpiresAt is { } at ? Formats.Time(at) : "never",
            ["approverIds"] = new JsonArray([.. ids.Select(i => (JsonNode?)JsonValue.Create(i))]),
            ["canAct"] = canAct,
        };
        AddInventoryNote(data, request);
        var names = approvers.Count == 0 ? "nobody (no approver is granted for this device here)" : string.Join(", ", approvers.Select(a => a.DisplayName));
        var text = $"Approval needed for {request.Id}: {request.Runbook} on {DeviceText(request.Targets)} requested by {request.Requester.DisplayName}. Approvers: {names}. "
            + $"Type approve {request.Id} or reject {request.Id} [reason].";
        return Card(CardNames.ApprovalRequest, data, text) with { RequestId = request.Id };
    }

    /// <summary>The card for a request's current state: approval, expired, status or (finished) the status with its outcome.</summary>
    public OutboundMessage ForRequest(RunRequest request, IReadOnlyList<Member> approvers, string? detail = null) => request.Status switch
    {
        RequestStatus.AwaitingApproval => Approval(request, approvers, canAct: true),
        RequestStatus.Expired => Expired(request),
        _ => Status(request, detail),
    };

    public OutboundMessage Status(RunRequest request, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = new JsonObject
        {
            ["requestId"] = request.Id,
            ["runbook"] = RunbookRef(request.Runbook),
            ["device"] = DeviceText(request.Targets),
            ["status"] = Formats.Status(request.Status),
            ["requester"] = Person(request.Requester),
            ["updatedAt"] = Formats.Time(request.UpdatedAt),
        };
        AddInventoryNote(data, request);
        if (request.Decision is { Approved: true } decision)
        {
            data["approver"] = Person(decision.By);
        }

        if (request.Incident is not null)
        {
            data["incidentId"] = request.Incident;
        }

        detail ??= request.Status switch
        {
            RequestStatus.Rejected => $"Rejected by {request.Decision?.By.DisplayName}" + (request.Decision?.Reason is { } r ? $": {r}" : "."),
            RequestStatus.Cancelled => "Cancelled by the requester. Nothing was run.",
            RequestStatus.Queued => "Waiting for a worker.",
            RequestStatus.Running => request.Worker is null ? null : $"Worker {request.Worker} is running it.",
            _ when request.Result is { } result => $"Return code {result.ReturnCode}; output sha256 {result.OutputSha256}.",
            _ => request.StatusReason,
        };
        if (!string.IsNullOrEmpty(detail))
        {
            data["detail"] = detail;
        }

        var text = $"{request.Id} {request.Runbook} on {DeviceText(request.Targets)}: {Formats.StatusLabel(request.Status).ToLowerInvariant()}" + (string.IsNullOrEmpty(detail) ? "." : $". {detail}");
        return Card(CardNames.RequestStatus, data, text) with { RequestId = request.Id };
    }

    public OutboundMessage Expired(RunRequest request)
    {
        var data = new JsonObject
        {
            ["requestId"] = request.Id,
            ["runbook"] = RunbookRef(request.Runbook),
            ["device"] = DeviceText(request.Targets),
            ["requester"] = Person(request.Requester),
            ["expiredAt"] = Formats.Time(request.ExpiresAt ?? request.UpdatedAt),
        };
        if (request.Incident is not null)
        {
            data["incidentId"] = request.Incident;
        }

        return Card(CardNames.Expired, data, $"{request.Id} {request.Runbook} expired: nobody approved it before {Formats.Time(request.ExpiresAt ?? request.UpdatedAt)}. Nothing was run.")
            with { RequestId = request.Id };
    }

    /// <summary>
    /// The execution result: facts first, then the (redacted) output cut to the card budget with its size and hash
    /// stated, and the JSON result behind "Show JSON". Shrinks the output until the card fits a Teams message.
    /// </summary>
    public OutboundMessage Result(RunRequest request, IReadOnlyList<StoredOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outputs);
        var budget = CardLimits.OutputBytes;
        while (true)
        {
            var message = BuildResult(request, outputs, budget);
            if (CardLimits.FitsTeams(message.Card!) || budget < 512)
            {
                return message;
            }

            budget /= 2;
        }
    }

    private OutboundMessage BuildResult(RunRequest request, IReadOnlyList<StoredOutput> outputs, int outputBudget)
    {
        var result = request.Result;
        var data = new JsonObject
        {
            ["requestId"] = request.Id,
            ["runbook"] = RunbookRef(request.Runbook),
            ["status"] = Formats.Status(request.Status),
            ["outputSha256"] = result?.OutputSha256 ?? "none",
            ["duration"] = result is null ? "n/a" : Formats.Duration(result.Duration),
            ["finishedAt"] = Formats.Time(result?.FinishedAt ?? request.UpdatedAt),
            ["requester"] = Person(request.Requester),
        };
        if (result is not null)
        {
            data["returnCode"] = result.ReturnCode;
        }

        if (request.Decision is { Approved: true } decision)
        {
            data["approver"] = Person(decision.By);
        }

        if (request.Incident is not null)
        {
            data["incidentId"] = request.Incident;
        }

        var devices = CardLimits.Cap(result?.Devices ?? [], CardLimits.ListedDevices);
        data["devices"] = new JsonArray([.. devices.Items.Select(d => (JsonNode?)new JsonObject
        {
            ["name"] = d.Device,
            ["status"] = Formats.Status(d.Status) + (d.Error is null ? string.Empty : $" ({Cut(d.Error, 120)})"),
            ["returnCode"] = d.ReturnCode,
            ["duration"] = Formats.Duration(d.Duration),
        })]);
        data["devicesTotal"] = devices.Total;

        var output = Output(outputs, outputBudget);
        data["output"] = output.ToCardData();
        var json = ResultJson.ToText(request);
        data["resultJson"] = CardLimits.TruncateBytes(json, CardLimits.ResultJsonBytes).ToCardData();

        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{request.Id} {request.Runbook} on {DeviceText(request.Targets)}: {Formats.StatusLabel(request.Status).ToLowerInvariant()}")
            .Append(result is null ? "." : string.Create(CultureInfo.InvariantCulture, $", rc {result.ReturnCode}, {Formats.Duration(result.Duration)}, output sha256 {result.OutputSha256}."))
            .ToString();
        return Card(CardNames.ExecutionResult, data, text) with { RequestId = request.Id };
    }

    /// <summary>One text for all devices' output, cut to <paramref name="budget"/> bytes; a cut made when storing is stated too.</summary>
    internal static TruncatedText Output(IReadOnlyList<StoredOutput> outputs, int budget)
    {
        var ordered = outputs.OrderBy(o => o.Device, StringComparer.OrdinalIgnoreCase).ToArray();
        if (ordered.Length == 1)
        {
            var only = ordered[0];
            var cut = CardLimits.TruncateBytes(only.Text, budget);
            return only.Truncated
                ? new TruncatedText(cut.Text, true, cut.ShownBytes, (int)Math.Min(int.MaxValue, only.RawBytes), only.RawSha256)
                : cut;
        }

        var combined = new StringBuilder();
        foreach (var o in ordered)
        {
            combined.Append("── ").Append(o.Device).Append(" ──\n").Append(o.Text.TrimEnd('\n')).Append('\n');
            if (o.Truncated)
            {
                combined.Append(CultureInfo.InvariantCulture, $"… {o.Device}: stored output cut at {o.CapBytes} of {o.RawBytes} bytes; sha256 {o.RawSha256}\n");
            }
        }

        return CardLimits.TruncateBytes(combined.ToString().TrimEnd('\n'), budget);
    }

    public OutboundMessage Denied(DenialView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var data = new JsonObject
        {
            ["reason"] = Cut(view.Reason, 1500),
            ["reasonCode"] = view.ReasonCode,
            ["needed"] = Cut(view.Needed ?? "Nothing you can change here; ask an administrator.", 1000),
            ["correlationId"] = view.CorrelationId,
        };
        if (view.Runbook is not null)
        {
            data["runbook"] = Cut(view.Runbook, 80);
        }

        if (view.Device is not null)
        {
            data["device"] = Cut(view.Device, 80);
        }

        if (view.Incident is not null)
        {
            data["incidentId"] = Cut(view.Incident, 40);
        }

        return Card(CardNames.Denied, data, $"Refused: {Cut(view.Reason, 1500)} Needed: {Cut(view.Needed ?? "nothing you can change here", 1000)} (correlation id {view.CorrelationId})");
    }

    /// <summary>
    /// The refusal of a request because <paramref name="holder"/> locks the device: who holds it, for which request and
    /// where that request is (<paramref name="holderStatus"/>; null when it can no longer be found), and, when the
    /// refused requester holds the lock themselves (<paramref name="yours"/>), that it is their own request.
    /// </summary>
    public OutboundMessage DeviceLocked(DeviceLock holder, string requestedRunbook, RequestStatus? holderStatus, bool yours)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var data = new JsonObject
        {
            ["device"] = holder.Device,
            ["requestedRunbook"] = requestedRunbook,
            ["yours"] = yours,
            ["lock"] = new JsonObject
            {
                ["operator"] = Person(holder.Owner),
                ["runbook"] = holder.Runbook,
                ["since"] = Formats.Time(holder.AcquiredAt),
                ["requestId"] = holder.RequestId,
                ["status"] = holderStatus is { } status ? Formats.Status(status) : "unknown",
            },
        };
        if (holder.Incident is not null)
        {
            data["lock"]!["incidentId"] = holder.Incident;
        }

        var state = holderStatus is { } known ? Formats.StatusPhrase(known) : "it has not released the lock yet";
        var text = yours
            ? $"{holder.Device} is locked by your own request {holder.RequestId} ({holder.Runbook}); {state}. {requestedRunbook} was not queued: "
                + (holderStatus == RequestStatus.Running ? "wait until it has finished." : $"cancel {holder.RequestId} first, or wait until it has finished.")
            : $"{holder.Device} is locked by {holder.Owner.DisplayName} ({holder.Runbook}, {holder.Incident ?? "no incident"}, since {Formats.Time(holder.AcquiredAt)}, request {holder.RequestId}); {state}. {requestedRunbook} was not queued.";
        return Card(CardNames.DeviceLocked, data, text);
    }

    public OutboundMessage IncidentSummary(Incident incident, IReadOnlyList<RunRequest> requests, IReadOnlyList<DeviceLock> locks)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var mine = locks.Where(l => string.Equals(l.Incident, incident.Id, StringComparison.OrdinalIgnoreCase)).ToArray();
        var runs = requests.OrderByDescending(r => r.UpdatedAt).ToArray();
        var recent = CardLimits.Cap(runs, CardLimits.ListedItems);
        var data = new JsonObject
        {
            ["incidentId"] = incident.Id,
            ["title"] = incident.Title,
            ["status"] = incident.State == IncidentState.Open ? $"open (sev {incident.Severity})" : $"closed {Formats.Time(incident.ClosedAt ?? incident.OpenedAt)}",
            ["openedAt"] = Formats.Time(incident.OpenedAt) + $" by {incident.OpenedBy.DisplayName}",
            ["channel"] = string.Join(", ", incident.Conversations.Select(Formats.Conversation)),
            ["requests"] = new JsonObject
            {
                ["total"] = requests.Count,
                ["succeeded"] = requests.Count(r => r.Status == RequestStatus.Succeeded),
                ["failed"] = requests.Count(r => r.Status is RequestStatus.Failed or RequestStatus.TimedOut or RequestStatus.Interrupted),
                ["pending"] = requests.Count(r => r.Status is RequestStatus.AwaitingApproval or RequestStatus.Queued or RequestStatus.Running or RequestStatus.Requested),
            },
            ["locks"] = new JsonArray([.. CardLimits.Cap(mine, CardLimits.ListedItems).Items.Select(l => (JsonNode?)new JsonObject
            {
                ["device"] = l.Device,
                ["runbook"] = l.Runbook,
                ["operator"] = l.Owner.DisplayName,
                ["since"] = Formats.Time(l.AcquiredAt),
            })]),
            ["recentRuns"] = new JsonArray([.. recent.Items.Select(r => (JsonNode?)new JsonObject
            {
                ["time"] = Formats.Time(r.UpdatedAt),
                ["runbook"] = r.Runbook,
                ["device"] = DeviceText(r.Targets),
                ["status"] = Formats.StatusLabel(r.Status),
                ["actor"] = r.Requester.DisplayName,
            })]),
            ["runsTotal"] = runs.Length,
        };
        return Card(CardNames.IncidentSummary, data,
            $"{incident.Id}: {incident.Title} ({(incident.State == IncidentState.Open ? "open" : "closed")}); {requests.Count} requests, {mine.Length} device locks.");
    }

    public OutboundMessage Timeline(IncidentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var events = timeline.Events;
        var capped = CardLimits.Cap(events, CardLimits.ListedItems);
        var data = new JsonObject
        {
            ["incidentId"] = timeline.IncidentId,
            ["offset"] = 0,
            ["total"] = events.Count,
            ["events"] = new JsonArray([.. capped.Items.Select(e => (JsonNode?)new JsonObject
            {
                ["time"] = Formats.Time(e.Timestamp),
                ["kind"] = e.Kind.ToString(),
                ["actor"] = e.Actor.DisplayName,
                ["summary"] = Cut(Summary(e), 300),
            })]),
        };
        var chain = timeline.Chain.IsIntact ? "audit chain " + timeline.Verdict : $"AUDIT CHAIN BROKEN at sequence {timeline.Chain.FirstBroken?.Sequence}: {timeline.Chain.Problem}";
        var message = Card(CardNames.Timeline, data, $"Timeline of {timeline.IncidentId}: {events.Count} events; {chain}.");
        if (message.Card!["body"] is JsonArray body)
        {
            body.Add(new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = CardText.Escape(chain[0..1].ToUpperInvariant() + chain[1..] + string.Create(CultureInfo.InvariantCulture, $" ({timeline.Chain.Events} events verified).")),
                ["wrap"] = true,
                ["size"] = "Small",
                ["weight"] = timeline.Chain.IsIntact ? "Default" : "Bolder",
                ["color"] = timeline.Chain.IsIntact ? "Default" : "Attention",
            });
        }

        return message;
    }

    /// <summary>The structured result as chat text, cut to fit one message with the cut stated.</summary>
    public static OutboundMessage JsonText(RunRequest request)
    {
        var cut = CardLimits.TruncateBytes(ResultJson.ToText(request), ResultJsonChatBytes);
        return new OutboundMessage(cut.TextWithNote) { RequestId = request.Id };
    }

    /// <summary>
    /// Builds a list card from the first <paramref name="max"/> items, halving the count until the card fits a Teams
    /// message (the card states how many were left out).
    /// </summary>
    private static OutboundMessage FittingList<T>(IReadOnlyList<T> items, int max, Func<CappedList<T>, OutboundMessage> build)
    {
        var cap = max;
        while (true)
        {
            var message = build(CardLimits.Cap(items, cap));
            if (CardLimits.FitsTeams(message.Card!) || cap <= 1)
            {
                return message;
            }

            cap /= 2;
        }
    }

    private OutboundMessage Card(string name, JsonObject data, string text) =>
        new(text, Render(name, data)) { CardName = name };

    private JsonObject Render(string name, JsonObject data) => templates.Render(name, data);

    private static JsonObject RunbookRef(string name) => new()
    {
        ["name"] = name,
        ["title"] = Formats.Title(name),
    };

    private static JsonObject Person(Actor actor) => new()
    {
        ["id"] = actor.UserId,
        ["name"] = actor.DisplayName,
    };

    private static string DeviceText(IReadOnlyList<string> targets)
    {
        var capped = CardLimits.Cap(targets, CardLimits.ListedDevices);
        return string.Join(", ", capped.Items) + (capped.MoreNote is { } more ? $" {more}" : string.Empty);
    }

    private static string Intent(RunRequest request, Runbook? runbook)
    {
        var inputs = request.Inputs.Where(p => !string.Equals(p.Key, "device", StringComparison.OrdinalIgnoreCase))
            .Select(p => $"{p.Key}={p.Value}").ToArray();
        var what = runbook?.Description ?? request.Runbook;
        return inputs.Length == 0 ? $"{what} Target: {DeviceText(request.Targets)}." : $"{what} Target: {DeviceText(request.Targets)}; {string.Join(", ", inputs)}.";
    }

    private static string Label(RunbookInput input)
    {
        var name = Formats.Title(input.Name);
        return input.Description is { Length: > 0 and <= 80 } description ? $"{name}: {description.TrimEnd('.')}" : name;
    }

    private static string? Pattern(RunbookInput input) => InputValidator.ClientPattern(input);

    /// <summary>While the inventory source of a target is stale, the card says so (<c>inventoryNote</c>).</summary>
    private void AddInventoryNote(JsonObject data, RunRequest request)
    {
        if (InventoryProvenance.StaleNote(catalog, request.Targets) is { } note)
        {
            data["inventoryNote"] = note;
        }
    }

    private static string? PlatformId(Member member, ChatPlatform platform) => platform switch
    {
        ChatPlatform.Slack => member.SlackUserId,
        ChatPlatform.Teams => member.TeamsAadObjectId,
        _ => member.Id,
    };

    private static string Summary(AuditEvent e)
    {
        var parts = new List<string>();
        if (e.Runbook is not null)
        {
            parts.Add(e.Device is null ? e.Runbook : $"{e.Runbook} on {e.Device}");
        }
        else if (e.Device is not null)
        {
            parts.Add(e.Device);
        }

        if (e.RequestId is not null)
        {
            parts.Add(e.RequestId);
        }

        foreach (var key in new[] { "reason", "message", "title", "returnCode", "outputSha256", "approvalHash" })
        {
            if (e.Details.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value))
            {
                parts.Add(key is "outputSha256" or "approvalHash" ? $"{key} {value[..Math.Min(12, value.Length)]}…" : key is "message" or "title" or "reason" ? value : $"{key} {value}");
            }
        }

        return parts.Count == 0 ? e.Kind.ToString() : string.Join(" · ", parts);
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max] + "…";
}
