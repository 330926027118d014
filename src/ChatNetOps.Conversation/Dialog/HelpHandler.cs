namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Channels;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;

/// <summary>
/// <c>help</c>: only the runbooks and commands this user may use in this conversation; <c>help RUNBOOK</c>: its inputs.
/// Placeholders are upper case (<c>status REQUEST-ID</c>), never in angle brackets, which Teams strips from card text.
/// </summary>
internal sealed class HelpHandler(InventoryCatalog catalog, Visibility visibility, CatalogCards cards, TimeProvider time)
{
    public DialogResult Handle(DialogContext context, string? runbookName)
    {
        // Someone outside the policy is told so privately: their help is never posted to the conversation.
        if (context.Member is null)
        {
            return DenialRecorder.Refusal(cards.Help(new HelpView(
                [("help", "Show this card.")],
                [$"You ({context.Event.DisplayName}, {context.Event.Platform.ToString().ToLowerInvariant()} id {InputValidator.Printable(context.Event.UserId)}) are not in the access policy, so there is nothing you can run. Ask an administrator to add you to inventory/policy.yaml."])));
        }

        return runbookName is null ? DialogResult.Of(cards.Help(Overview(context, context.Member))) : DialogResult.Of(cards.Help(ForRunbook(context, context.Member, runbookName)));
    }

    private HelpView Overview(DialogContext context, Member member)
    {
        var kind = context.Channel.Kind;
        var runnable = visibility.RunnableHere(member, context.Channel).ToArray();
        var commands = new List<(string, string)>
        {
            ("help [RUNBOOK]", "Show this card, or one runbook's inputs."),
            ("runbooks", "List the runbooks you may run here."),
            ("devices [GROUP]", "List the devices you may target here."),
        };
        foreach (var runbook in runnable)
        {
            commands.Add((Usage(runbook), runbook.Description + (runbook.IsStateChanging ? " State-changing: needs an incident and a second engineer's approval." : string.Empty)));
        }

        if (runnable.Length > 0)
        {
            commands.Add(("run RUNBOOK name=value …", "The long form of the lines above. Name a runbook without its inputs to get a form; quote values with spaces: key=\"a b\"."));
        }

        commands.Add(("status REQUEST-ID [--json]", "Show where a request is; --json prints the structured result."));
        commands.Add(("locks", "Show which devices are locked by state-changing work."));
        if (runnable.Length > 0)
        {
            commands.Add(("cancel REQUEST-ID", "Withdraw your own request before it runs."));
        }

        if (visibility.MayApproveHere(member, context.Channel))
        {
            commands.Add(("approve REQUEST-ID", "Approve someone else's state-changing request (the card's Approve button does the same)."));
            commands.Add(("reject REQUEST-ID REASON", "Reject it, saying why (recorded and shown on the card)."));
        }

        commands.Add(("notify REQUEST-ID|DEVICE", "Tell me once when the device lock held for that request (or on that device) is released."));
        // Only what this conversation would accept (IncidentService.OpenAsync/CloseAsync/AttachRunAsync,
        // ChangeWindowService.OpenAsync/CloseAsync): a policy binding, an incident or a change window rule some out.
        var managesIncidents = kind != ChannelKind.Direct && catalog.Policy.MayManageIncidents(member, kind);
        var policyBound = catalog.Policy.FindBinding(context.Conversation.Platform, context.Conversation.ConversationId, time.GetUtcNow()) is not null;
        var holdsIncident = context.Channel.OpenIncidents.Count > 0;
        if (managesIncidents && !policyBound && context.Channel.ChangeWindow is null)
        {
            commands.Add(("incident open INC-1234 \"title\" [sev=N]", "Bind this conversation to an incident (state-changing runbooks need one)."));
        }

        if (managesIncidents && holdsIncident)
        {
            commands.Add(("incident close \"RESOLUTION\"", "Close the incident this conversation is bound to, with what resolved it."));
        }

        if (managesIncidents)
        {
            commands.Add(("incident severity INC-1234 N", "Propose a new severity (1 highest to 5); a confirmer the policy names confirms it."));
        }

        if (managesIncidents && holdsIncident)
        {
            commands.Add(("incident attach REQUEST-ID", "Attach a finished read-only run (say, one done before the incident) to this conversation's incident."));
        }

        commands.Add(("incident show [INC-1234]", "Summarise an incident: requests, locks, recent runs."));
        commands.Add(("timeline [INC-1234]", "Show an incident's audit timeline."));
        if (managesIncidents && !policyBound && context.Channel.Incident is null && context.Channel.ChangeWindow is null)
        {
            commands.Add(("change open CHG-3001 \"summary\" start=… end=… devices=…|group=…", "Open a change window bound to this conversation; changes run in it once someone else acknowledges it."));
        }

        if (managesIncidents && !policyBound && context.Channel.ChangeWindow is { } window)
        {
            commands.Add(($"change close {window}", "Close this conversation's change window early."));
        }

        commands.Add(("change show|list [CHG-3001]", "Show one change window, or list them."));
        if (catalog.Policy.MayReport(member, kind))
        {
            commands.Add(("report [7d|30d]", "Summarise refusals, approval waits, incident timings and run outcomes from the verified audit trail."));
        }

        var tips = new List<string>();
        var elsewhere = catalog.Runbooks
            .Where(r => !runnable.Contains(r) && Enum.GetValues<ChannelKind>().Any(k => catalog.Policy.IsGrantedAnywhere(member, GrantAction.Run, r, k)))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .Select(r => r.Name)
            .ToArray();
        if (elsewhere.Length > 0)
        {
            tips.Add($"Not available here ({Describe(kind, context.Channel.Incident)}): {string.Join(", ", elsewhere)}."
                + (context.Channel.Incident is not null ? string.Empty
                    : kind == ChannelKind.Direct ? " State-changing runbooks run only in a channel bound to an incident, never in a direct message."
                    : context.Channel.ChangeWindow is not null ? " State-changing runbooks run here while the change window is open, on its devices, naming the incident they belong to (incident=INC-…), which has its own conversation."
                    : managesIncidents && !policyBound ? " State-changing runbooks need a conversation bound to an incident: incident open INC-1234 \"title\"."
                    : " State-changing runbooks need a conversation bound to an incident; ask someone who manages incidents to open one here."));
        }

        if (context.Channel.Incident is { } incident)
        {
            tips.Add($"This conversation is bound to {incident}; requests made here belong to it.");
        }

        tips.Add("Approvals expire; an expired request must be made again.");
        return new HelpView(commands, tips);
    }

    private HelpView ForRunbook(DialogContext context, Member member, string name)
    {
        var runbook = catalog.FindRunbook(name)!;
        var commands = runbook.Inputs
            .Select(i => ($"{i.Name}={Placeholder(i)}{(i.Required ? string.Empty : " (optional)")}", Describe(i)))
            .ToList();
        if (runbook.RequiresIncident)
        {
            commands.Add(("incident=INC-…", "The incident this change belongs to (or run it in a conversation bound to the incident)."));
        }

        var tips = new List<string>
        {
            runbook.Description,
            $"Usage: {Usage(runbook)}",
            runbook.IsStateChanging
                ? $"State-changing: needs an incident, {(runbook.Channel == ChannelRequirement.Incident ? "an incident" : "an incident or change-window")} channel and approval by {string.Join(" or ", runbook.Approval.ApproverRoles.DefaultIfEmpty("an approver"))} (not you). Blast radius: {runbook.BlastRadius} Rollback: {runbook.Rollback}"
                : "Read-only: runs at once for users granted it.",
            $"Targets: {string.Join(", ", runbook.Platforms.Select(p => p.ToName()))}" + (runbook.DeviceGroups.Count == 0 ? " devices." : $" devices in {string.Join(", ", runbook.DeviceGroups)}."),
            WhetherRunnable(member, runbook, context.Channel),
        };
        return new HelpView(commands, tips);
    }

    /// <summary>
    /// Whether the member may run the runbook here and, when not, the reason that applies: their roles when no grant
    /// names the runbook for them anywhere, the conversation when one does elsewhere.
    /// </summary>
    private string WhetherRunnable(Member member, Runbook runbook, ChannelContext channel)
    {
        if (visibility.RunnableHere(member, channel).Contains(runbook))
        {
            return "You may run it here.";
        }

        if (!Enum.GetValues<ChannelKind>().Any(k => catalog.Policy.IsGrantedAnywhere(member, GrantAction.Run, runbook, k)))
        {
            var roles = catalog.Policy.Grants
                .Where(g => g.Actions.Contains(GrantAction.Run) && g.CoversRunbook(runbook.Name))
                .Select(g => g.Role)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.OrdinalIgnoreCase)
                .ToArray();
            return roles.Length == 0
                ? "You may not run it: the policy grants it to no role."
                : $"You may not run it: it needs the role {string.Join(" or ", roles)} (yours: {string.Join(", ", member.Roles.DefaultIfEmpty("none"))}).";
        }

        return $"You may not run it here ({Describe(channel.Kind, channel.Incident)}).";
    }

    internal static string Usage(Runbook runbook) =>
        string.Join(' ', new[] { runbook.Name }.Concat(runbook.Inputs.Where(i => i.Required).Select(i => $"{i.Name}={Placeholder(i)}"))
            .Concat(runbook.Inputs.Where(i => !i.Required).Select(i => $"[{i.Name}=…]"))
            .Concat(runbook.RequiresIncident ? ["[incident=INC-…]"] : []));

    /// <summary>An input's placeholder: its type in upper case (<c>device=DEVICE</c>, <c>neighbor=IPV4</c>).</summary>
    private static string Placeholder(RunbookInput input) => input.Type switch
    {
        InputType.DeviceGroup => "GROUP",
        InputType.Enum => "CHOICE",
        InputType.Integer => "NUMBER",
        InputType.Ipv4 => "IPV4-ADDRESS",
        InputType.Token => "WORD",
        _ => input.Type.ToString().ToUpperInvariant(),
    };

    private static string Describe(RunbookInput input)
    {
        var text = input.Description ?? input.Name;
        return input.Type switch
        {
            InputType.Enum => $"{text} One of: {string.Join(", ", input.Values)}.",
            InputType.Integer when input.Min is not null || input.Max is not null => $"{text} From {input.Min} to {input.Max}.",
            _ => text,
        };
    }

    private static string Describe(ChannelKind kind, string? incident) => kind switch
    {
        ChannelKind.Direct => "direct message",
        ChannelKind.Group => "a channel not bound to an incident",
        ChannelKind.Incident => $"incident channel {incident}",
        ChannelKind.ChangeWindow => "change-window channel",
        ChannelKind.Console => "local console not bound to an incident",
        _ => kind.ToString(),
    };
}
