namespace ChatNetOps.Cli.ConsoleChat;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// The console's conversations ("console" unless named, kind Console): reads lines, sends them through the real dialog
/// layer, prints the answers; <c>/as</c> switches user, <c>/conversation NAME</c> switches conversation (as a chat user
/// moves to another channel: an incident and a change window each bind their own), <c>/N</c> presses button N of the
/// newest card with buttons, <c>/mK.N</c> button N of message mK, <c>/quit</c> ends.
/// </summary>
internal sealed class ConsoleSession(DialogService dialog, InventoryCatalog catalog, IRequestStore requests, ConsoleChatChannel channel, TextReader input, bool interactive, TimeProvider time)
{
    public const string ConversationId = "console";

    /// <summary>
    /// How long the prompt must have been shown again under a card that arrived while the user was at it before a bare
    /// <c>/N</c> presses that card: a line finished sooner was (most likely) begun before the card appeared.
    /// </summary>
    public static readonly TimeSpan RepromptSettle = TimeSpan.FromSeconds(2);

    private ConversationRef _conversation = new(ChatPlatform.Console, ConversationId, ChannelKind.Console);
    private readonly HashSet<string> _tracked = new(StringComparer.Ordinal);

    public Member User { get; private set; } = null!;

    /// <summary><c>alice> </c>, or <c>alice@uplinks> </c> in a conversation other than the first.</summary>
    private string Prompt => Conversation == ConversationId ? $"{User.Id}> " : $"{User.Id}@{Conversation}> ";

    /// <summary>The conversation lines are said in now (<c>/conversation NAME</c>).</summary>
    public string Conversation => _conversation.ConversationId;

    public Task RunAsync(Member user, TimeSpan wait, CancellationToken cancellationToken) => RunAsync(user, wait, ConversationId, cancellationToken);

    /// <summary>Runs the session, starting in <paramref name="conversation"/> (<c>--conversation</c>).</summary>
    public async Task RunAsync(Member user, TimeSpan wait, string conversation, CancellationToken cancellationToken)
    {
        User = user;
        if (!IsConversationName(conversation))
        {
            throw new ArgumentException(ConversationNameRule, nameof(conversation));
        }

        _conversation = _conversation with { ConversationId = conversation };
        channel.Say($"ChatNetOps console as {User.DisplayName} ({User.Id}, {string.Join(", ", User.Roles)}) in conversation '{Conversation}'. Type 'help', /as MEMBER to switch user, /conversation NAME to switch conversation, /1 /2 … to press the newest card's buttons (/m3.1 for message m3's), /quit to leave.");
        while (!cancellationToken.IsCancellationRequested)
        {
            // What /1 means is fixed when the prompt is shown: a card that arrives while the user types (a late result,
            // someone else's request) must not take the press. Such a card is printed with the prompt again (interactive),
            // and /1 presses it only once the user had time to see it (RepromptSettle) before finishing the line.
            var seen = channel.LastCard?.MessageId;
            if (interactive)
            {
                channel.BeginPrompt(Prompt);
            }

            string? line;
            try
            {
                line = await input.ReadLineAsync(cancellationToken);
            }
            finally
            {
                channel.EndPrompt();
            }

            if (line is null)
            {
                break;
            }

            if (!interactive && line.Length > 0)
            {
                channel.Say($"{Prompt}{line}");
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed is "/quit" or "/exit")
            {
                break;
            }

            if (trimmed.Split(' ', 2)[0] is "/conversation" or "/conv")
            {
                SwitchConversation(trimmed.Split(' ', 2, StringSplitOptions.TrimEntries).ElementAtOrDefault(1));
                continue;
            }

            if (trimmed.StartsWith("/as", StringComparison.OrdinalIgnoreCase))
            {
                SwitchUser(trimmed[3..].Trim());
                continue;
            }

            if (trimmed.Length > 1 && trimmed[0] == '/' && int.TryParse(trimmed[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                if (channel.LastCard is { } newest && newest.MessageId != seen
                    && !(interactive && channel.RepromptedUnder(newest.MessageId) is { } at && time.GetUtcNow() - at >= RepromptSettle))
                {
                    // Suggest only the cards that still have that button (a status card loses its buttons when it finishes).
                    var suggestions = new[] { seen, newest.MessageId }
                        .Where(id => id is not null && channel.CardOf(id)?.Buttons.Count >= number && channel.Shown(id) is not null)
                        .Select(id => $"/{channel.Shown(id!)}.{number}")
                        .ToArray();
                    channel.Say($"A card arrived while you typed ([{channel.Shown(newest.MessageId)}]); nothing was pressed. " + suggestions.Length switch
                    {
                        0 => $"No card here has a button {number} now.",
                        1 => $"Press it by its id: {suggestions[0]}.",
                        _ => $"Press the card you mean by its id: {string.Join(" or ", suggestions)}.",
                    });
                    continue;
                }

                await PressAsync(null, number, cancellationToken);
                continue;
            }

            if (ButtonAddress(trimmed) is var (messageId, button))
            {
                await PressAsync(messageId, button, cancellationToken);
                continue;
            }

            await ShowAsync(await dialog.HandleAsync(Event() with { Text = line }, cancellationToken), cancellationToken);
        }

        await WaitForResultsAsync(wait, cancellationToken);
    }

    /// <summary>What a conversation name may be (<c>--conversation</c>, <c>/conversation</c>).</summary>
    public const string ConversationNameRule = "a conversation name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static bool IsConversationName(string name) =>
        name.Length is > 0 and <= 64 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private void SwitchConversation(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            channel.Say($"In conversation '{Conversation}'. /conversation NAME moves to another one ('{ConversationId}' is the first).");
            return;
        }

        if (!IsConversationName(name))
        {
            channel.Say($"'{InputValidator.Printable(name)}' is not a conversation name: {ConversationNameRule}.");
            return;
        }

        _conversation = _conversation with { ConversationId = name };
        channel.Say($"Now in conversation '{Conversation}'. Its bindings (an incident, a change window) are its own; /conversation {ConversationId} goes back.");
    }

    private void SwitchUser(string id)
    {
        var member = catalog.Policy.FindMemberById(id);
        if (member is null)
        {
            channel.Say($"No member '{id}' in the policy; members: {string.Join(", ", catalog.Policy.Members.Select(m => m.Id))}.");
            return;
        }

        User = member;
        channel.Say($"Now {User.DisplayName} ({User.Id}, {string.Join(", ", User.Roles)}).");
    }

    /// <summary><c>/m3.1</c>: (message id, button number); null for anything else.</summary>
    private static (string MessageId, int Button)? ButtonAddress(string line)
    {
        var dot = line.IndexOf('.', StringComparison.Ordinal);
        return line.Length > 3 && line[0] == '/' && line[1] == 'm' && dot > 2
            && int.TryParse(line.AsSpan(2, dot - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
            && int.TryParse(line.AsSpan(dot + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var button)
                ? (line[1..dot], button)
                : null;
    }

    /// <summary>
    /// Presses button <paramref name="number"/> of message <paramref name="messageId"/>, or of the newest card with buttons
    /// when it is null, and says which card and button that was.
    /// </summary>
    private async Task PressAsync(string? messageId, int number, CancellationToken cancellationToken)
    {
        (string MessageId, RenderedCard Card)? target = messageId is null
            ? channel.LastCard
            : channel.CardOf(channel.IdOf(messageId)) is { } card ? (channel.IdOf(messageId), card) : null;
        if (target is not { } last || number < 1 || number > last.Card.Buttons.Count)
        {
            channel.Say(target switch
            {
                null when messageId is not null => $"Message {messageId} is not a card shown here.",
                null => "There is no card with buttons yet.",
                { Card.Buttons.Count: 0 } => $"Message {channel.Shown(target.Value.MessageId)} has no buttons.",
                _ => $"Message {channel.Shown(target.Value.MessageId)} has buttons 1 to {target.Value.Card.Buttons.Count}.",
            });
            return;
        }

        var button = last.Card.Buttons[number - 1];
        channel.Say($"(pressing [{number}] {button.Title} on {channel.Shown(last.MessageId)})");
        switch (button.Type)
        {
            case "Action.ToggleVisibility":
                foreach (var element in button.Targets)
                {
                    channel.Say(last.Card.Hidden.TryGetValue(element, out var hidden) ? hidden : $"(nothing hidden under '{element}')");
                }

                return;
            case "Action.OpenUrl":
                channel.Say($"Open {button.Url}");
                return;
            case "Action.ShowCard":
                channel.Say(last.Card.Hidden.TryGetValue($"card-{number}", out var shown) ? shown : "(empty)");
                return;
        }

        var data = (JsonObject)button.Data.DeepClone();
        foreach (var field in button.Inputs)
        {
            var value = await AskAsync(field, cancellationToken);
            if (value is null)
            {
                return;
            }

            if (value.Length > 0)
            {
                data[field.Id] = value;
            }
        }

        var press = Event() with { Action = new CardAction(button.Verb ?? string.Empty, data, last.MessageId) };
        await ShowAsync(await dialog.HandleAsync(press, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Asks for one field of a card's form until the answer is one the card would accept: a choice set takes only one of
    /// its listed values (a typo is said and the same field asked again, never carried into the next one). Null when the
    /// input ended.
    /// </summary>
    private async Task<string?> AskAsync(CardInput field, CancellationToken cancellationToken)
    {
        var choices = field.Choices.Count == 0 ? string.Empty : $" [{string.Join(" | ", field.Choices.Take(30).Select(c => c.Value))}{(field.Choices.Count > 30 ? $" | … {field.Choices.Count - 30} more" : string.Empty)}]";
        var fallback = field.Value is null ? string.Empty : $" (default {field.Value})";
        while (true)
        {
            channel.Say($"{field.Label}{choices}{fallback}{(field.Required ? string.Empty : " (optional, Enter to skip)")}:");
            var answer = await input.ReadLineAsync(cancellationToken);
            if (answer is null)
            {
                channel.Say("(input ended; the button was not pressed)");
                return null;
            }

            if (!interactive)
            {
                channel.Say($"  {answer}");
            }

            answer = answer.Trim();
            var value = answer.Length == 0 ? field.Value ?? string.Empty : answer;
            if (value.Length == 0 || field.Choices.Count == 0)
            {
                return value;
            }

            var chosen = field.Choices.FirstOrDefault(c => string.Equals(c.Value, value, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Title, value, StringComparison.OrdinalIgnoreCase));
            if (chosen.Value is not null)
            {
                return chosen.Value;
            }

            channel.Say($"'{InputValidator.Printable(value)}' is not one of the choices for {field.Label}; answer with one of them{(field.Required ? string.Empty : " or press Enter to skip")}.");
        }
    }

    private async Task ShowAsync(DialogResult result, CancellationToken cancellationToken)
    {
        foreach (var message in result.Messages)
        {
            if (message.ReplaceMessageId is { } replace)
            {
                await channel.UpdateAsync(_conversation, replace, message, cancellationToken);
                continue;
            }

            var id = await channel.SendAsync(_conversation, message, cancellationToken);
            if (message.RequestId is { } requestId)
            {
                _tracked.Add(requestId);
            }
        }

        foreach (var message in result.MessagesToAttach)
        {
            // The console's message ids are its own; attach the one just printed for this request.
            if (channel.MessageIdOf(message) is { } id)
            {
                await dialog.AttachMessageAsync(message.RequestId!, id, null, cancellationToken);
            }
        }
    }

    /// <summary>At the end of input, waits (briefly) until every request started here has settled and its result is printed.</summary>
    private async Task WaitForResultsAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        while (time.GetUtcNow() < deadline)
        {
            var pending = false;
            foreach (var id in _tracked)
            {
                var request = await requests.GetAsync(id, cancellationToken);
                pending |= request is not null && request.Status switch
                {
                    RequestStatus.AwaitingApproval => false,
                    var s when s.IsTerminal() => request.Result is not null && !channel.ResultPrinted(id),
                    _ => true,
                };
            }

            if (!pending)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        channel.Say($"(stopped waiting for results after {wait.TotalSeconds:0} s; 'status <id>' shows them later)");
    }

    private ChatEvent Event() => new(_conversation, User.Id, User.DisplayName) { Email = User.Email };
}
