namespace ChatNetOps.Cli.ConsoleChat;

using System.Collections.Concurrent;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// The console as a chat platform: cards are printed as readable text with numbered buttons. Remembers every card's
/// buttons by message id, in the order the messages were posted: <c>/1</c>, <c>/2</c> … press the buttons of the newest
/// posted card that has buttons (an update of an older card, printed later, never takes them over), <c>/m3.1</c> the
/// buttons of message m3. Also remembers which requests already had their result printed.
/// <para>
/// The ids it hands out (stored with a request's card, so the card is updated in place) carry this session's token,
/// <c>m3@1a2b3c4d</c>; the console prints only <c>m3</c>. An update of a card an earlier session posted (an expiry, a late
/// result) is printed as such and never takes over this session's message of the same number.
/// </para>
/// </summary>
internal sealed class ConsoleChatChannel(TextWriter output, string? session = null, TimeProvider? time = null) : IChatChannel
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private string? _prompt;
    private (string MessageId, DateTimeOffset At)? _reprompted;
    private readonly string _session = session ?? Guid.NewGuid().ToString("N")[..8];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _printed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<OutboundMessage, string> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, (int Posted, RenderedCard Card)> _cards = new(StringComparer.Ordinal);
    private int _next;

    public ChatPlatform Platform => ChatPlatform.Console;

    /// <summary>The newest posted card that has buttons (what <c>/1</c> presses), and the message that carries it.</summary>
    public (string MessageId, RenderedCard Card)? LastCard
    {
        get
        {
            lock (_gate)
            {
                var newest = _cards.Where(c => c.Value.Card.Buttons.Count > 0).OrderByDescending(c => c.Value.Posted).FirstOrDefault();
                return newest.Key is null ? null : (newest.Key, newest.Value.Card);
            }
        }
    }

    /// <summary>The card message <paramref name="messageId"/> shows now, if it is a card.</summary>
    public RenderedCard? CardOf(string messageId)
    {
        lock (_gate)
        {
            return _cards.TryGetValue(messageId, out var card) ? card.Card : null;
        }
    }

    /// <summary>The full id of this session's message printed as <paramref name="shown"/> (<c>m3</c>).</summary>
    public string IdOf(string shown) => $"{shown}@{_session}";

    /// <summary>How a message id is printed: <c>m3</c> for this session's, null for an earlier session's.</summary>
    public string? Shown(string messageId) =>
        messageId.EndsWith("@" + _session, StringComparison.Ordinal) ? messageId[..messageId.IndexOf('@', StringComparison.Ordinal)] : null;

    /// <summary>The id this channel gave a message it posted.</summary>
    public string? MessageIdOf(OutboundMessage message) => _ids.TryGetValue(message, out var id) ? id : null;

    public bool ResultPrinted(string requestId) => _results.ContainsKey(requestId);

    public Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken)
    {
        var posted = Interlocked.Increment(ref _next);
        var id = IdOf("m" + posted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _ids[message] = id;
        Print(id, posted, message, updated: false);
        return Task.FromResult(id);
    }

    public Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken)
    {
        Print(messageId, null, message, updated: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Shows the prompt and keeps it while the user types: a card posted meanwhile (a late result, someone else's
    /// request) is printed followed by the prompt again, so the user sees where to type and what <c>/1</c> presses now.
    /// </summary>
    public void BeginPrompt(string prompt)
    {
        lock (_gate)
        {
            _prompt = prompt;
            _reprompted = null;
            output.WriteLine(prompt);
            output.Flush();
        }
    }

    /// <summary>The user's line arrived: cards are printed without a prompt until the next one.</summary>
    public void EndPrompt()
    {
        lock (_gate)
        {
            _prompt = null;
        }
    }

    /// <summary>
    /// When the prompt was last shown again under the newest card with buttons, <paramref name="messageId"/> (it arrived
    /// while the user was at the prompt); null when it was not.
    /// </summary>
    public DateTimeOffset? RepromptedUnder(string messageId)
    {
        lock (_gate)
        {
            return _reprompted is { } r && r.MessageId == messageId ? r.At : null;
        }
    }

    /// <summary>Prints plain text the console itself says (prompts, errors).</summary>
    public void Say(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }

    private void Print(string id, int? posted, OutboundMessage message, bool updated)
    {
        var rendered = message.Card is null ? null : PlainTextRenderer.Render(message.Card);
        var body = rendered?.Text ?? message.Text;
        lock (_gate)
        {
            if (updated && _printed.TryGetValue(id, out var before) && before == body)
            {
                return;
            }

            _printed[id] = body;
            if (Shown(id) is not { } shown)
            {
                // A card an earlier console session posted: printed for the record, never pressable here.
                output.WriteLine("--- a card from an earlier console session, updated ---");
                output.WriteLine(body);
                output.WriteLine();
                output.Flush();
                return;
            }

            if (rendered is null && message.Ephemeral && !updated && !body.Contains('\n', StringComparison.Ordinal))
            {
                // A usage hint (a typo, a raw CLI line): one line, for the one who typed it.
                output.WriteLine($"[{shown}] (only you) {body}");
                _cards.Remove(id);
                output.Flush();
                return;
            }

            var header = $"--- [{shown}]{(updated ? " updated" : string.Empty)}{(message.Ephemeral ? " (only you see this)" : string.Empty)} ---";
            output.WriteLine(header);
            output.WriteLine(body);
            var order = posted ?? (_cards.TryGetValue(id, out var known) ? known.Posted : 0);
            if (rendered is null)
            {
                _cards.Remove(id);
            }
            else
            {
                _cards[id] = (order, rendered);
            }

            if (rendered is { Buttons.Count: > 0 })
            {
                var newest = !_cards.Any(c => c.Value.Posted > order && c.Value.Card.Buttons.Count > 0);
                output.WriteLine(newest
                    ? $"(press a button with /{string.Join(", /", rendered.Buttons.Select(b => b.Number))}; later: /{shown}.1 …)"
                    : $"(an update of an older card: press its buttons with /{string.Join(", /", rendered.Buttons.Select(b => $"{shown}.{b.Number}"))}; /1 … stay with the newest card)");
            }

            output.WriteLine();
            if (_prompt is not null)
            {
                var pressable = _cards.Where(c => c.Value.Card.Buttons.Count > 0).OrderByDescending(c => c.Value.Posted).Select(c => c.Key).FirstOrDefault();
                if (pressable is not null && Shown(pressable) is { } target)
                {
                    _reprompted = (pressable, _time.GetUtcNow());
                    output.WriteLine($"(/1 … now press [{target}]'s buttons)");
                }

                output.WriteLine(_prompt);
            }

            output.Flush();
        }

        if (message.CardName == CardNames.ExecutionResult && message.RequestId is not null)
        {
            _results[message.RequestId] = true;
        }
    }
}
