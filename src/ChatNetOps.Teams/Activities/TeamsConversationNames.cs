namespace ChatNetOps.Teams.Activities;

using System.Collections.Concurrent;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Policy;
using Microsoft.Extensions.Logging;

/// <summary>
/// Conversation names, so cards show "Network Ops › INC-1001 core outage" instead of <c>19:…@thread.tacv2</c>. Teams names
/// a channel or group chat (and its team) in installationUpdate and conversationUpdate, not in messages: the name is kept
/// in the shared chat state store when one of those arrives and looked up (and cached here) for the messages that follow.
/// A rename shows once the kept name expires (<see cref="Retention"/>).
/// </summary>
internal sealed partial class TeamsConversationNames(IChatStateStore state, TimeProvider time, ILogger<TeamsConversationNames> logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private const int MaxLength = 120;
    private static readonly TimeSpan UnknownFor = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (string? Name, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>The name an activity gives its conversation: "Team › channel" for a channel, the topic of a group chat; null when it gives none.</summary>
    public static string? NameOf(TeamsActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var name = Clean(activity.ChannelData?.Channel?.Name) ?? Clean(activity.Conversation?.Name);
        var team = Clean(activity.ChannelData?.Team?.Name);
        var full = name is not null && team is not null && !string.Equals(name, team, StringComparison.Ordinal) ? $"{team} › {name}" : name;
        return full is null ? null : full.Length <= MaxLength ? full : full[..(MaxLength - 1)] + "…";
    }

    /// <summary>Keeps the name <paramref name="activity"/> gives its conversation, if any (the first one kept stays until it expires).</summary>
    public async Task RememberAsync(TeamsActivity activity, TeamsConversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.Kind == ChannelKind.Direct || NameOf(activity) is not { } name)
        {
            return;
        }

        var now = time.GetUtcNow();
        await state.TryAddAsync(Key(conversation), name, now + Retention, cancellationToken).ConfigureAwait(false);
        _cache.TryRemove(conversation.Key, out _);
    }

    /// <summary><paramref name="conversation"/> with its name: the one the activity carries, else the one kept; unchanged when none is known.</summary>
    public async Task<TeamsConversation> NameAsync(TeamsActivity activity, TeamsConversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.Kind == ChannelKind.Direct)
        {
            return conversation;
        }

        if (NameOf(activity) is { } carried)
        {
            return conversation with { Name = carried };
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(conversation.Key, out var cached) && now < cached.Until)
        {
            return cached.Name is null ? conversation : conversation with { Name = cached.Name };
        }

        string? kept;
        try
        {
            kept = await state.GetAsync(Key(conversation), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A name is a nicety: without the store, cards show the conversation id.
            Log.ConversationNameLookupFailed(logger, conversation.Key, ex);
            kept = null;
        }

        _cache[conversation.Key] = (kept, now + (kept is null ? UnknownFor : Retention));
        return kept is null ? conversation : conversation with { Name = kept };
    }

    private static string Key(TeamsConversation conversation) => "teams:conversation-name:" + conversation.Key;

    /// <summary>A name with no control characters or angle brackets, trimmed; null when nothing is left.</summary>
    private static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var cleaned = new string([.. name.Where(c => !char.IsControl(c) && c is not ('<' or '>'))]).Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }
}
