namespace ChatNetOps.Conversation.Rendering;

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Checks;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Parsing;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using static ChatNetOps.Conversation.Rendering.CardData;

/// <summary>
/// A request's cards, from asking to result: request-form, approval-request, request-status, expired and
/// execution-result (data contracts: cards/README.md), and the JSON result as chat text. Text and lists are cut to
/// <see cref="CardLimits"/>, and every cut is stated in the card.
/// </summary>
internal sealed class RequestCards(CardTemplates templates, InventoryCatalog catalog)
{
    private const int ResultJsonChatBytes = 20 * 1024;

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
                    if (InputValidator.ClientPattern(input, runbook.Platforms) is { } pattern)
                    {
                        item["regex"] = pattern;
                    }

                    item["errorMessage"] = input.Description is null ? $"Enter a valid {label}." : $"{input.Description}";
                    break;
            }

            if (value is not null && input.Type == InputType.Integer && input.Min is not null && input.Max is not null)
            {
                // A number input keeps a typed number; anything else the form asks for again.
                if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    item["value"] = number;
                }
            }
            else if (value is not null)
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
                ["asksDevice"] = runbook.Inputs.Any(i => i.Type == InputType.Device),
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

        // A device typed on the command line stays chosen when the form asks for the rest.
        if (runbook.Inputs.FirstOrDefault(i => i.Type == InputType.Device) is { } deviceInput
            && supplied.TryGetValue(deviceInput.Name, out var typedDevice)
            && devices.Items.FirstOrDefault(d => string.Equals(d.Name, typedDevice, StringComparison.OrdinalIgnoreCase)) is { } chosen)
        {
            data["device"] = chosen.Name;
        }

        var card = templates.Render(CardNames.RequestForm, data);
        var missing = string.Join(", ", runbook.Inputs.Where(i => i.Required && !supplied.ContainsKey(i.Name)).Select(i => i.Name));
        var typed = runbook.Inputs.Where(i => i.Required || supplied.ContainsKey(i.Name))
            .Select(i => supplied.TryGetValue(i.Name, out var v) ? $"{i.Name}={Quoted(v)}" : i.Name + "=…");
        return new OutboundMessage($"{runbook.Name} needs {missing}: fill in the form, or type run {runbook.Name} {string.Join(' ', typed)}", card)
        {
            CardName = CardNames.RequestForm,
        };
    }

    /// <summary>How many targets the approval card lists with their commands.</summary>
    internal const int ApprovalTargets = 5;

    /// <summary>How many members of one approver role the approval card names.</summary>
    internal const int ApproverNames = 8;

    /// <summary>Longest command text per target on the approval card (bytes); a longer one is cut with the cut stated.</summary>
    internal const int ApprovalCommandBytes = 2000;

    /// <summary>
    /// The approval card: exactly what will happen — the commands the worker will send to each target (the same
    /// <see cref="CommandRenderer"/> call the worker makes, from the request's validated inputs, which the approval hash
    /// binds), the target's description and platform, the description of an interface it names (inventory), who can
    /// approve (role and members), blast radius and rollback. <paramref name="preCheck"/> is the pre-check slot (null:
    /// none declared, the section is left out). <paramref name="canAct"/> false gives the read-only view (requester,
    /// non-approvers).
    /// </summary>
    /// <param name="canCancel">Whether the card offers "Cancel request": on the card everyone sees and on the requester's
    /// own view, never on an approver's (only the requester may cancel; anyone else is refused and recorded).</param>
    public OutboundMessage Approval(RunRequest request, IReadOnlyList<Member> approvers, bool canAct, ApprovalPreCheck? preCheck = null, bool canCancel = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(approvers);
        var runbook = catalog.FindRunbook(request.Runbook);
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
            ["canAct"] = canAct,
            ["canCancel"] = canCancel,
        };
        AddInventoryNote(data, request);
        AddTargets(data, request, runbook);
        data["approvers"] = WhoCanApprove(runbook, approvers);
        data["approvalHash"] = request.ApprovalHash.Length > 12 ? request.ApprovalHash[..12] : request.ApprovalHash;
        if (request.RollbackOf is not null)
        {
            data["rollbackOf"] = request.RollbackOf;
        }

        preCheck ??= FromCheck(request.PreCheck);
        if (preCheck is not null)
        {
            data["preCheck"] = PreCheck(preCheck);
        }

        var names = approvers.Count == 0 ? "nobody (no approver is granted for this device here)" : string.Join(", ", approvers.Select(a => a.DisplayName));
        var text = $"Approval needed for {request.Id}: {request.Runbook} on {DeviceText(request.Targets)} requested by {request.Requester.DisplayName}. "
            + (request.PreCheck is { } check ? $"{check.Headline}. " : string.Empty)
            + $"Approvers: {names}. "
            + $"Type approve {request.Id} or reject {request.Id} [reason].";
        // One template per decision kind: a rollback confirmation has its own card, with the same verbs and data.
        return templates.CardMessage(request.RollbackOf is null ? CardNames.ApprovalRequest : CardNames.RollbackConfirmation, data, text) with
        {
            RequestId = request.Id,
            ApproverIds = [.. approvers.Select(a => PlatformId(a, request.Origin.Platform)).OfType<string>().Take(CardLimits.TeamsRefreshUserIds)],
        };
    }

    /// <summary>
    /// Each target (capped at <see cref="ApprovalTargets"/>): its description, platform and groups, the description of an
    /// interface the request names when the inventory knows it, and the exact commands it will be sent. A runbook that
    /// changed or left the catalog sends nothing (the worker refuses it): the card says so instead of guessing.
    /// </summary>
    private void AddTargets(JsonObject data, RunRequest request, Runbook? runbook)
    {
        var current = runbook is not null && string.Equals(runbook.Version, request.RunbookVersion, StringComparison.Ordinal);
        var interfaceInputs = runbook?.Inputs.Where(i => i.Type == InputType.Interface).Select(i => i.Name).ToArray() ?? [];
        var capped = CardLimits.Cap(request.Targets, ApprovalTargets);
        var targets = new JsonArray();
        foreach (var name in capped.Items)
        {
            var device = catalog.FindDevice(name);
            var about = device is null
                ? "not in the inventory any more"
                : $"{(device.Description is { Length: > 0 } d ? d.TrimEnd('.') + " · " : string.Empty)}{device.Platform.ToName()} · {string.Join(", ", device.Groups)}";
            string commands;
            if (!current || device is null || !runbook!.Commands.ContainsKey(device.Platform))
            {
                commands = "(none: the runbook or the device changed since the request; request it again)";
            }
            else
            {
                commands = CardLimits.TruncateBytes(string.Join('\n', CommandRenderer.Render(runbook, device.Platform, request.Inputs)), ApprovalCommandBytes).TextWithNote;
            }

            var target = new JsonObject { ["name"] = name, ["about"] = Cut(about, 300), ["commands"] = commands };
            var described = new JsonArray();
            foreach (var input in interfaceInputs)
            {
                if (request.Inputs.TryGetValue(input, out var value) && device?.Interfaces.TryGetValue(value, out var description) == true)
                {
                    described.Add(new JsonObject { ["name"] = value, ["description"] = Cut(description, 200) });
                }
            }

            target["interfaces"] = described;
            targets.Add(target);
        }

        data["targets"] = targets;
        data["targetsTotal"] = capped.Total;
    }

    /// <summary>
    /// Who can approve, per role: the runbook's <c>approver_roles</c> (or, when it names none, the roles of those who may)
    /// with the members holding each that may approve this request here (never the requester).
    /// </summary>
    private JsonArray WhoCanApprove(Runbook? runbook, IReadOnlyList<Member> approvers)
    {
        var roles = runbook is { Approval.ApproverRoles.Count: > 0 }
            ? runbook.Approval.ApproverRoles
            : approvers.SelectMany(a => a.Roles)
                .Where(role => catalog.Policy.Grants.Any(g => string.Equals(g.Role, role, StringComparison.OrdinalIgnoreCase) && g.Actions.Contains(GrantAction.Approve)))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.OrdinalIgnoreCase)
                .ToArray();
        var list = new JsonArray();
        foreach (var role in roles)
        {
            var holders = approvers.Where(a => a.Roles.Contains(role, StringComparer.OrdinalIgnoreCase)).Select(a => a.DisplayName).ToArray();
            var members = holders.Length == 0
                ? "nobody who may approve this request here holds it"
                : string.Join(", ", holders.Take(ApproverNames)) + (holders.Length > ApproverNames ? $" and {holders.Length - ApproverNames} more" : string.Empty);
            list.Add(new JsonObject { ["role"] = role, ["members"] = members });
        }

        if (list.Count == 0)
        {
            list.Add(new JsonObject { ["role"] = "none", ["members"] = "nobody may approve this request here" });
        }

        return list;
    }

    /// <summary>
    /// The runbook's <c>pre_check:</c> as it ran at request time, in the approval card's pre-check slot: a check that
    /// held is ok; one that failed reaches an approval card only when it is advisory, shown as a warning.
    /// </summary>
    private static ApprovalPreCheck? FromCheck(CheckResult? check) => check is null
        ? null
        : new ApprovalPreCheck(
            check.Passed ? Verdict.Ok : Verdict.Warning,
            $"{check.Runbook} on {check.Device}: {(check.Passed ? "passed" : "failed (advisory)")} — {check.Summary}",
            [.. check.Rows.Take(CheckResult.MaxRows).Select(r => (
                r.Values.TryGetValue(check.Key, out var key) ? key : "row",
                CompareEvaluator.Label(check.Show.Where(f => f != check.Key).ToArray(), check.Key, r)))]);

    private static JsonObject PreCheck(ApprovalPreCheck preCheck) => new()
    {
        ["verdict"] = new JsonObject { ["name"] = Verdicts.Name(preCheck.Verdict), ["label"] = Verdicts.Label(preCheck.Verdict) },
        ["summary"] = Cut(preCheck.Summary, 300),
        ["rows"] = new JsonArray([.. preCheck.Rows.Take(CardLimits.ResultRows).Select(r => (JsonNode?)new JsonObject { ["title"] = Cut(r.Title, 80), ["value"] = Cut(r.Value, 200) })]),
    };

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
            RequestStatus.Cancelled when request.StatusReason == Core.Incidents.IncidentService.ClosedReason => $"Cancelled: {request.Incident} was closed. Nothing was run.",
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
        return templates.CardMessage(CardNames.RequestStatus, data, text) with { RequestId = request.Id };
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

        return templates.CardMessage(CardNames.Expired, data, $"{request.Id} {request.Runbook} expired: nobody approved it before {Formats.Time(request.ExpiresAt ?? request.UpdatedAt)}. Nothing was run.")
            with { RequestId = request.Id };
    }

    /// <summary>
    /// The execution result: facts first, then the (redacted) output cut to the card budget with its size and hash
    /// stated, and the JSON result behind "Show JSON". Shrinks the output until the card fits a Teams message.
    /// <paramref name="ticket"/>: the incident's change record once it exists (<c>ServiceNow CHG0031234 https://…</c>).
    /// </summary>
    public OutboundMessage Result(RunRequest request, IReadOnlyList<StoredOutput> outputs, string? ticket = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outputs);
        var budget = CardLimits.OutputBytes;
        while (true)
        {
            var message = BuildResult(request, outputs, budget, ticket);
            if (CardLimits.FitsTeams(message.Card!) || budget < 512)
            {
                return message;
            }

            budget /= 2;
        }
    }

    private OutboundMessage BuildResult(RunRequest request, IReadOnlyList<StoredOutput> outputs, int outputBudget, string? ticket)
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

        if (ticket is not null)
        {
            data["ticket"] = ticket;
        }

        var devices = CardLimits.Cap(result?.Devices ?? [], CardLimits.ListedDevices);
        data["devices"] = new JsonArray([.. devices.Items.Select(d => (JsonNode?)new JsonObject
        {
            ["name"] = d.Device,
            // People read this line: the status label and the whole error (cut only between words, never inside a value).
            ["status"] = Formats.StatusLabel(d.Status) + (d.Error is null ? string.Empty : $" ({CutAtWord(d.Error, Formats.DeviceErrorChars)})"),
            ["returnCode"] = d.ReturnCode,
            ["duration"] = Formats.Duration(d.Duration),
        })]);
        data["devicesTotal"] = devices.Total;

        var parsed = ResultTable.Build(result);
        if (parsed is not null)
        {
            data["verdict"] = new JsonObject { ["name"] = Verdicts.Name(parsed.Verdict), ["label"] = Verdicts.Label(parsed.Verdict), ["summary"] = parsed.Summary };
            if (parsed.Rows.Count > 0)
            {
                data["table"] = new JsonObject
                {
                    ["header"] = parsed.Header,
                    ["rows"] = new JsonArray([.. parsed.Rows.Select(r => (JsonNode?)new JsonObject { ["title"] = r.Title, ["value"] = r.Value })]),
                    ["total"] = parsed.Total,
                    ["cap"] = CardLimits.ResultRows,
                };
            }
        }

        AddChangeOutcome(data, request);

        // With a verdict the raw output is one click away (Teams: toggle; Slack: the toggle's fallback button).
        data["outputShown"] = parsed is null;
        var output = Output(outputs, outputBudget);
        data["output"] = output.ToCardData();
        var json = ResultJson.ToText(request);
        data["resultJson"] = CardLimits.TruncateBytes(json, CardLimits.ResultJsonBytes).ToCardData();

        var text = new StringBuilder()
            .Append(ChangeOutcome.Label(request) is { } outcome && request.PostCheck is { } post ? $"{outcome}. {post.Headline}. " : string.Empty)
            .Append(parsed is null ? string.Empty : $"{Verdicts.Label(parsed.Verdict)}: {parsed.Summary}. ")
            .Append(CultureInfo.InvariantCulture, $"{request.Id} {request.Runbook} on {DeviceText(request.Targets)}: {Formats.StatusLabel(request.Status).ToLowerInvariant()}")
            .Append(result is null ? "." : string.Create(CultureInfo.InvariantCulture, $", rc {result.ReturnCode}, {Formats.Duration(result.Duration)}, output sha256 {result.OutputSha256}."))
            .ToString();
        return templates.CardMessage(CardNames.ExecutionResult, data, text) with { RequestId = request.Id };
    }

    /// <summary>
    /// The change's post-check (verdict, findings and the key rows before and after), the rollback it offers, what it
    /// rolled back, and the next safe steps the requester may run here.
    /// </summary>
    private void AddChangeOutcome(JsonObject data, RunRequest request)
    {
        if (request.PostCheck is { } post && ChangeOutcome.Label(request) is { } outcome)
        {
            data["postCheck"] = new JsonObject
            {
                ["outcome"] = outcome,
                ["passed"] = post.Passed,
                ["headline"] = Cut(post.Headline, 400),
                ["rows"] = new JsonArray([.. BeforeAfter(request.PreCheck, post).Select(r => (JsonNode?)new JsonObject { ["title"] = r.Title, ["value"] = r.Value })]),
            };
        }

        if (request.RollbackOf is not null)
        {
            data["rollbackOf"] = request.RollbackOf;
        }

        var runbook = catalog.FindRunbook(request.Runbook);
        if (ChangeOutcome.OffersRollback(request, runbook) && request.RollbackOf is null)
        {
            data["rollback"] = new JsonObject { ["runbook"] = runbook!.RollbackRunbook!.Runbook };
        }

        var member = request.Requester.MemberId is { } id ? catalog.Policy.FindMemberById(id) : null;
        data["nextSteps"] = new JsonArray([.. NextSteps.Offers(request, catalog, member).Select(o => (JsonNode?)new JsonObject
        {
            ["title"] = o.Title,
            ["requestId"] = request.Id,
            ["next"] = o.Index,
        })]);
    }

    /// <summary>The post-check's key rows, each with the pre-check's row of the same key when there was one.</summary>
    internal static IReadOnlyList<(string Title, string Value)> BeforeAfter(CheckResult? before, CheckResult after)
    {
        var rows = new List<(string, string)>();
        foreach (var row in after.Rows.Take(CheckResult.MaxRows))
        {
            var key = row.Values.TryGetValue(after.Key, out var k) ? k : "row";
            var now = Label(after, row);
            var then = before?.Rows.FirstOrDefault(b => b.Values.TryGetValue(after.Key, out var bk) && string.Equals(bk, key, StringComparison.OrdinalIgnoreCase));
            rows.Add((key, then is null ? $"after: {now}" : $"before: {Label(before!, then)} · after: {now}"));
        }

        if (rows.Count == 0 && before is not null)
        {
            rows.AddRange(before.Rows.Take(CheckResult.MaxRows).Select(b => (b.Values.TryGetValue(before.Key, out var k) ? k : "row", $"before: {Label(before, b)} · after: gone")));
        }

        return rows;

        static string Label(CheckResult check, Core.Parsing.ParsedRow row) =>
            string.Join(" ", check.Show.Where(f => !string.Equals(f, check.Key, StringComparison.Ordinal)).Select(f => row.Values.TryGetValue(f, out var v) ? v : string.Empty).Where(v => v.Length > 0)) is { Length: > 0 } text ? text : "listed";
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

    /// <summary>The structured result as chat text, cut to fit one message with the cut stated.</summary>
    public static OutboundMessage JsonText(RunRequest request, IReadOnlyList<StoredOutput>? outputs = null)
    {
        var cut = CardLimits.TruncateBytes(ResultJson.ToText(request, outputs), ResultJsonChatBytes);
        return new OutboundMessage(cut.TextWithNote) { RequestId = request.Id };
    }

    private static string Intent(RunRequest request, Runbook? runbook)
    {
        if (request.RollbackOf is not null)
        {
            return $"Rollback confirmation: roll back {request.RollbackOf} with {request.Runbook}. " + Intent(request with { RollbackOf = null }, runbook);
        }

        var inputs = request.Inputs.Where(p => !string.Equals(p.Key, "device", StringComparison.OrdinalIgnoreCase))
            .Select(p => $"{p.Key}={p.Value}").ToArray();
        var what = runbook?.Description ?? request.Runbook;
        return inputs.Length == 0 ? $"{what} Target: {DeviceText(request.Targets)}." : $"{what} Target: {DeviceText(request.Targets)}; {string.Join(", ", inputs)}.";
    }

    private static string Quoted(string value) => value.Any(char.IsWhiteSpace) ? $"\"{value}\"" : value;

    private static string Label(RunbookInput input)
    {
        var name = Formats.Title(input.Name);
        return input.Description is { Length: > 0 and <= 80 } description ? $"{name}: {description.TrimEnd('.')}" : name;
    }

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
}
