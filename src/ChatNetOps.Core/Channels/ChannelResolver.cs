namespace ChatNetOps.Core.Channels;

using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// Resolves a conversation to its effective channel kind: bound to an open incident (by <c>incident open</c> or a
/// policy binding), bound to a change window (a policy binding, or a window opened with <c>change open</c> until a
/// while after it closes, so a late run is told which window closed and when), or else the kind the chat platform reports.
/// </summary>
public sealed class ChannelResolver(InventoryCatalog catalog, IIncidentStore incidents, TimeProvider time, IChangeWindowStore? windows = null, Microsoft.Extensions.Options.IOptions<ChangeWindowOptions>? windowOptions = null)
{
    public async Task<ChannelContext> ResolveAsync(ConversationRef conversation, CancellationToken cancellationToken)
    {
        var open = await incidents.ListOpenByConversationAsync(conversation.Platform, conversation.ConversationId, cancellationToken);
        if (open.Count > 0)
        {
            return new ChannelContext(ChannelKind.Incident, open[^1].Id, null) { OpenIncidents = [.. open.Select(i => i.Id)] };
        }

        var binding = catalog.Policy.FindBinding(conversation.Platform, conversation.ConversationId, time.GetUtcNow());
        if (binding is not null)
        {
            return binding.Kind switch
            {
                ChannelKind.Incident => new ChannelContext(ChannelKind.Incident, binding.Incident, null),
                ChannelKind.ChangeWindow => new ChannelContext(ChannelKind.ChangeWindow, binding.Incident, binding.ChangeWindow),
                _ => new ChannelContext(binding.Kind, binding.Incident, binding.ChangeWindow),
            };
        }

        if (windows is not null && await windows.FindLatestByConversationAsync(conversation.Platform, conversation.ConversationId, cancellationToken) is { } window)
        {
            var now = time.GetUtcNow();
            var closedAt = window.ClosedAt ?? (now >= window.End ? window.End : (DateTimeOffset?)null);
            if (closedAt is null || now - closedAt.Value < (windowOptions?.Value ?? new ChangeWindowOptions()).ClosedBindingGrace)
            {
                return new ChannelContext(ChannelKind.ChangeWindow, null, window.Id);
            }
        }

        // A conversation cannot claim to be bound: only the two sources above bind it.
        var kind = conversation.Kind is ChannelKind.Incident or ChannelKind.ChangeWindow ? ChannelKind.Group : conversation.Kind;
        return new ChannelContext(kind, null, null);
    }
}
