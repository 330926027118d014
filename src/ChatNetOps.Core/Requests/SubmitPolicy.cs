namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;

/// <summary>
/// Who may run what, where and on which device: the checks a run command passes before it becomes a request, in the
/// order the requester hears about them. Pure: it reads the catalog and the clock and what it is handed (the channel
/// as resolved, the incident the command names as stored), and stores and records nothing (<see cref="SubmitService"/> does).
/// </summary>
public sealed class SubmitPolicy(InventoryCatalog catalog, TimeProvider time)
{
    /// <summary>
    /// The incident a command is about, upper-cased: the one it names, else the one its conversation is bound to. The
    /// caller looks it up (when <see cref="IncidentService.IsValidId"/>) and hands it to <see cref="Evaluate"/>.
    /// </summary>
    public static string? IncidentIdOf(RunCommand command, ChannelContext channel)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(channel);
        return command.Incident?.Trim().ToUpperInvariant() ?? channel.Incident?.ToUpperInvariant();
    }

    /// <param name="command">The command as the chat gave it.</param>
    /// <param name="channel">What the command's conversation is bound to (<see cref="ChannelResolver"/>).</param>
    /// <param name="incident">The stored incident <see cref="IncidentIdOf"/> names; null when there is none.</param>
    /// <param name="window">The change window the conversation is bound to (<see cref="ChangeWindowService.ForConversationAsync"/>); null when none.</param>
    /// <param name="bound">The open incidents bound to the conversation with their devices (<see cref="IncidentChoice.BoundAsync"/>); a run that names none is filed under the one that covers its device.</param>
    public SubmitVerdict Evaluate(RunCommand command, ChannelContext channel, Incident? incident, ChangeWindow? window = null, IReadOnlyList<BoundIncident>? bound = null)
    {
        bound ??= [];
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(channel);
        var match = catalog.Policy.Match(command.Actor.Platform, command.Actor.UserId, command.Email);
        if (match is null)
        {
            return Deny(DenialReason.UnknownUser, $"{command.Actor.DisplayName} is not in the access policy.",
                "an administrator adds you to inventory/policy.yaml with your chat identity", command.Actor);
        }

        var member = match.Member;
        var actor = match.Apply(command.Actor);
        var runbook = catalog.FindRunbook(command.Runbook);
        if (runbook is null)
        {
            return Deny(DenialReason.UnknownRunbook, $"There is no runbook named '{InputValidator.Printable(command.Runbook)}'.",
                "one of the runbooks listed by 'runbooks'", actor);
        }

        var validation = InputValidator.Validate(runbook, command.Inputs, catalog);
        if (validation.Errors.Count > 0 && validation.Errors.Count == validation.Missing.Count)
        {
            var allowed = catalog.Devices
                .Where(d => runbook.Targets(d) && catalog.Policy.IsGranted(member, GrantAction.Run, runbook, d, channel.Kind))
                .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            return new SubmitVerdict.NeedsInput(runbook, validation.Missing, validation.Values, allowed);
        }

        // From here every refusal is recorded against the runbook (and the conversation's incident).
        SubmitVerdict.Denied Refuse(DenialReason reason, string message, string? needed, string? device = null) =>
            Deny(reason, message, needed, actor) with { Runbook = runbook.Name, Device = device, Incident = channel.Incident };

        if (!validation.IsValid)
        {
            return Refuse(DenialReason.InvalidInput, "Invalid input: " + string.Join("; ", validation.Errors.Select(e => e.ToString())),
                "values that match the runbook's typed inputs ('help " + runbook.Name + "')") with { InputErrors = validation.Errors };
        }

        var targets = ResolveTargets(runbook, validation.Values);
        if (targets.Length == 0)
        {
            return Refuse(DenialReason.InvalidInput,
                $"{runbook.Name} needs a target: give device=<name>" + (runbook.Inputs.Any(i => i.Type == InputType.DeviceGroup) ? " or group=<name>." : "."),
                "a device input");
        }

        if (runbook.IsStateChanging && targets.Length != 1)
        {
            return Refuse(DenialReason.FanOutNotAllowed, $"{runbook.Name} changes state and may target exactly one device.", "device=<one device>");
        }

        // Where the runbook may not be launched at all, no role would help: the hint is the channel, for every refusal here.
        const string NeededChannel = "run it in the incident's channel, or bind this one with 'incident open INC-… \"title\"'";
        var notGranted = targets.FirstOrDefault(d => !catalog.Policy.IsGranted(member, GrantAction.Run, runbook, d, channel.Kind));
        if (notGranted is not null)
        {
            return Refuse(DenialReason.NotGranted,
                $"Your roles ({string.Join(", ", member.Roles)}) do not allow {runbook.Name} on {notGranted.Name} ({string.Join(", ", notGranted.Groups)}) from {channel.Kind.Describe()}.",
                runbook.Channel.IsSatisfiedBy(channel.Kind) ? NeededGrant(runbook, notGranted, channel.Kind) : NeededChannel, notGranted.Name);
        }

        var device = targets[0].Name;
        if (!runbook.Channel.IsSatisfiedBy(channel.Kind))
        {
            return Refuse(DenialReason.WrongChannel,
                $"{runbook.Name} may only be launched from a channel bound to {(runbook.Channel == ChannelRequirement.Incident ? "an incident" : "an incident or change window")}; this is {channel.Kind.Describe()}.",
                NeededChannel, device);
        }

        var named = command.Incident?.Trim().ToUpperInvariant();
        if (named is not null && !IncidentService.IsValidId(named))
        {
            return Refuse(DenialReason.InvalidInput, $"'{InputValidator.Printable(named)}' is not an incident id.", "incident=INC-1234", device);
        }

        // A conversation can hold several open incidents: a run (or a card's button) naming any of them works here.
        if (named is not null && channel.Incident is not null && !channel.Holds(named))
        {
            var here = channel.OpenIncidents.Count > 0 ? string.Join(", ", channel.OpenIncidents) : channel.Incident;
            return Refuse(DenialReason.IncidentMismatch, $"This channel is bound to {here}, not {InputValidator.Printable(named)}.",
                $"incident={(channel.OpenIncidents.Count > 1 ? "one of " : string.Empty)}{here} or the channel of {InputValidator.Printable(named)}", device);
        }

        // Named, it is that one; else the open incident here that covers the device; else a policy binding's incident.
        var chosen = named is null && bound.Count > 0 ? IncidentChoice.Pick(bound, targets.Select(t => t.Name).ToArray()) : null;
        var incidentId = named ?? (bound.Count > 0 ? chosen?.Id : channel.Incident?.ToUpperInvariant());
        if (runbook.RequiresIncident && incidentId is null && bound.Count > 0)
        {
            // Never filed under an incident that is not about its device unless the requester names it.
            var list = string.Join(", ", bound.Select(b => b.Describe()));
            return Refuse(DenialReason.MissingIncident,
                bound.Count == 1
                    ? $"{device} is not a device of {list}, the incident open here; {runbook.Name} is not filed under it unless you name it."
                    : $"This channel holds open incidents {list}; none is the single one about {device}.",
                $"incident={string.Join(" or incident=", bound.Select(b => b.Id))} to file it there, or an incident of its own for {device}", device);
        }

        if (runbook.RequiresIncident && incidentId is null)
        {
            return Refuse(DenialReason.MissingIncident, $"{runbook.Name} changes state and needs an incident id.",
                "incident=INC-… or a channel bound to the incident", device);
        }

        var now = time.GetUtcNow();
        if (incidentId is not null)
        {
            // The incident must exist and be open: opened with 'incident open' (in the store), or declared by a policy
            // binding and not closed since. A made-up id is refused, so it never gets an audit partition of its own.
            // The stored incident handed in is the one named or the newest bound here; one chosen by device is open here.
            var record = string.Equals(incident?.Id, incidentId, StringComparison.OrdinalIgnoreCase) ? incident : null;
            if (record is { State: IncidentState.Closed })
            {
                return Refuse(DenialReason.IncidentClosed, $"Incident {incidentId} is closed.", "an open incident", device);
            }

            if (record is null && chosen is null && !bound.Any(b => string.Equals(b.Id, incidentId, StringComparison.OrdinalIgnoreCase)) && !catalog.Policy.DeclaresIncident(incidentId, now))
            {
                return Refuse(DenialReason.UnknownIncident, $"There is no open incident {incidentId}.",
                    $"an open incident: an incident commander opens it in its channel with 'incident open {incidentId} \"title\"'", device);
            }
        }

        // In a change-window conversation a change runs only while the window is open and acknowledged, on its devices.
        if (runbook.IsStateChanging && channel.Kind == ChannelKind.ChangeWindow)
        {
            if (window is null)
            {
                return Refuse(DenialReason.UnknownChangeWindow, $"This conversation's change window {channel.ChangeWindow} is not on record.",
                    "a change window opened here with 'change open'", device);
            }

            if (ChangeWindowRules.CheckRun(window, runbook, targets[0], now) is { } outside)
            {
                return Refuse(outside.Reason, outside.Message, "an open, acknowledged change window that covers the device", device);
            }
        }

        var inputs = new Dictionary<string, string>(validation.Values, StringComparer.OrdinalIgnoreCase);
        var targetNames = targets.Select(t => t.Name).ToArray();
        var request = new RunRequest(
            Id: RequestIds.New(),
            Runbook: runbook.Name,
            RunbookVersion: runbook.Version,
            Mode: runbook.Mode,
            Inputs: inputs,
            Targets: targetNames,
            Requester: actor,
            Origin: command.Conversation with { BoundTo = channel.BoundTo },
            Incident: incidentId,
            Status: RequestStatus.Requested,
            CreatedAt: now)
        {
            UpdatedAt = now,
            ApprovalHash = ApprovalHash.Compute(runbook.Name, runbook.Version, inputs, targetNames),
            TraceParent = command.TraceParent,
            ChangeWindow = channel.Kind == ChannelKind.ChangeWindow ? window?.Id : null,
            RollbackOf = command.RollbackOf,
        };
        return new SubmitVerdict.Admitted(request, runbook, targets, member)
        {
            Window = channel.Kind == ChannelKind.ChangeWindow ? window : null,
            ApprovedByWindow = channel.Kind == ChannelKind.ChangeWindow && window is not null && runbook.IsStateChanging
                && ChangeWindowRules.AcknowledgementApproves(window, runbook, targets[0], now),
        };
    }

    private static SubmitVerdict.Denied Deny(DenialReason reason, string message, string? needed, Actor actor) => new(reason, message, needed, actor);

    private Device[] ResolveTargets(Runbook runbook, IReadOnlyDictionary<string, string> values)
    {
        var devices = new List<Device>();
        foreach (var input in runbook.Inputs)
        {
            if (!values.TryGetValue(input.Name, out var value))
            {
                continue;
            }

            if (input.Type == InputType.Device && catalog.FindDevice(value) is { } device)
            {
                devices.Add(device);
            }
            else if (input.Type == InputType.DeviceGroup)
            {
                devices.AddRange(catalog.DevicesInGroup(value).Where(runbook.Targets));
            }
        }

        return devices.DistinctBy(d => d.Name, StringComparer.OrdinalIgnoreCase).OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private string NeededGrant(Runbook runbook, Device device, ChannelKind kind)
    {
        var roles = catalog.Policy.Grants
            .Where(g => g.Actions.Contains(GrantAction.Run) && g.CoversRunbook(runbook.Name) && g.CoversGroupOf(device) && g.ChannelKinds.Contains(kind))
            .Select(g => g.Role)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return roles.Length > 0
            ? $"one of the roles {string.Join(", ", roles)}"
            : $"a grant covering {runbook.Name} on {string.Join("/", device.Groups)} from {kind.Describe()} (none exists)";
    }
}
