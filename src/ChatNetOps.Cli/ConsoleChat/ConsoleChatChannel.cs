namespace ChatNetOps.Cli.ConsoleChat;

using System.Collections.Concurrent;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// The console as a chat platform: cards are printed as readable text with numbered buttons. Remembers the last
/// card that has buttons (for <c>/1</c>, <c>/2</c> …) and which requests already had their result printed.
/// </summary>
internal sealed class ConsoleChatChannel(TextWriter output) : IChatChannel
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _printed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<OutboundMessage, string> _ids = new(ReferenceEqualityComparer.Instance);
    private int _next;

    public ChatPlatform Platform => ChatPlatform.Console;

    /// <summary>The most recent card with buttons and the message that carries it.</summary>
    public (string MessageId, RenderedCard Card)? LastCard { get; private set; }

    /// <summary>The id this channel gave a message it posted.</summary>
    public string? MessageIdOf(OutboundMessage message) => _ids.TryGetValue(message, out var id) ? id : null;

    public bool ResultPrinted(string requestId) => _results.ContainsKey(requestId);

    public Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken)
    {
        var id = "m" + Interlocked.Increment(ref _next);
        _ids[message] = id;
        Print(id, message, updated: false);
        return Task.FromResult(id);
    }

    public Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken)
    {
        Print(messageId, message, updated: true);
        return Task.CompletedTask;
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

    private void Print(string id, OutboundMessage message, bool updated)
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
            var header = $"--- [{id}]{(updated ? " updated" : string.Empty)}{(message.Ephemeral ? " (only you see this)" : string.Empty)} ---";
            output.WriteLine(header);
            output.WriteLine(body);
            if (rendered is { Buttons.Count: > 0 })
            {
                LastCard = (id, rendered);
                output.WriteLine($"(press a button with /{string.Join(", /", rendered.Buttons.Select(b => b.Number))})");
            }

            output.WriteLine();
            output.Flush();
        }

        if (message.CardName == CardNames.ExecutionResult && message.RequestId is not null)
        {
            _results[message.RequestId] = true;
        }
    }
}
