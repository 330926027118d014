namespace ChatNetOps.Conversation.Rendering;

using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using static ChatNetOps.Conversation.Rendering.CardData;

/// <summary>
/// What a user may do here: help, runbook-list, device-list and lock-list (data contracts: cards/README.md). Long lists
/// are cut to <see cref="CardLimits"/>, fewer when needed to fit a Teams message, and each card says what was left out.
/// </summary>
internal sealed class CatalogCards(CardTemplates templates)
{
    public const string BotName = "ChatNetOps";

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
        return templates.CardMessage(CardNames.Help, data, text);
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
        return templates.CardMessage(CardNames.RunbookList, data, text);
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

            return templates.CardMessage(CardNames.DeviceList, data, text.ToString().TrimEnd('\n'));
        });
    }

    /// <summary>
    /// The device locks held now (<paramref name="held"/>, in the order given): device, operator, request, runbook,
    /// incident, since and lease. Lists at most <see cref="CardLimits.ListedLines"/>, fewer if needed to fit a Teams
    /// message, and says how many were left out.
    /// </summary>
    /// <summary>
    /// The answer to <c>locks</c>. <paramref name="states"/> says, by request id, what each lock is held for ("awaiting
    /// approval by …", "approved, queued to run", "running"); without it the lock's own state is named.
    /// </summary>
    public OutboundMessage LockList(IReadOnlyList<DeviceLock> held, IReadOnlyDictionary<string, string>? states = null)
    {
        ArgumentNullException.ThrowIfNull(held);
        string StateOf(DeviceLock l) => states?.GetValueOrDefault(l.RequestId) ?? l.State switch
        {
            LockState.AwaitingApproval => "awaiting approval",
            LockState.Queued => "approved, queued to run",
            LockState.Running => "running",
            _ => "held until its lease ends",
        };
        var text = new StringBuilder($"Locked devices ({held.Count}):\n");
        var listed = CardLimits.Cap(held, CardLimits.ListedLines);
        foreach (var l in listed.Items)
        {
            text.Append("- ").Append(l.Device).Append(": ").Append(StateOf(l)).Append(" — ").Append(l.Runbook).Append(" by ").Append(l.Owner.DisplayName)
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
                        ["state"] = StateOf(l),
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
            return templates.CardMessage(CardNames.LockList, data, text.ToString().TrimEnd('\n'));
        });
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
}
