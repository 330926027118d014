namespace ChatNetOps.Cli.ConsoleChat;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// One console conversation ("console", kind Console): reads lines, sends them through the real dialog layer,
/// prints the answers; <c>/as</c> switches user, <c>/N</c> presses button N of the last card, <c>/quit</c> ends.
/// </summary>
internal sealed class ConsoleSession(DialogService dialog, InventoryCatalog catalog, IRequestStore requests, ConsoleChatChannel channel, TextReader input, bool interactive, TimeProvider time)
{
    public const string ConversationId = "console";

    private readonly ConversationRef _conversation = new(ChatPlatform.Console, ConversationId, ChannelKind.Console);
    private readonly HashSet<string> _tracked = new(StringComparer.Ordinal);

    public Member User { get; private set; } = null!;

    public async Task RunAsync(Member user, TimeSpan wait, CancellationToken cancellationToken)
    {
        User = user;
        channel.Say($"ChatNetOps console as {User.DisplayName} ({User.Id}, {string.Join(", ", User.Roles)}). Type 'help', /as <member> to switch user, /1 /2 … to press a card's buttons, /quit to leave.");
        while (!cancellationToken.IsCancellationRequested)
        {
            if (interactive)
            {
                channel.Say($"{User.Id}> ");
            }

            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                break;
            }

            if (!interactive && line.Length > 0)
            {
                channel.Say($"{User.Id}> {line}");
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

            if (trimmed.StartsWith("/as", StringComparison.OrdinalIgnoreCase))
            {
                SwitchUser(trimmed[3..].Trim());
                continue;
            }

            if (trimmed.Length > 1 && trimmed[0] == '/' && int.TryParse(trimmed[1..], out var number))
            {
                await PressAsync(number, cancellationToken);
                continue;
            }

            await ShowAsync(await dialog.HandleAsync(Event() with { Text = line }, cancellationToken), cancellationToken);
        }

        await WaitForResultsAsync(wait, cancellationToken);
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

    private async Task PressAsync(int number, CancellationToken cancellationToken)
    {
        if (channel.LastCard is not { } last || number < 1 || number > last.Card.Buttons.Count)
        {
            channel.Say(channel.LastCard is null ? "There is no card with buttons yet." : $"The last card has buttons 1 to {channel.LastCard.Value.Card.Buttons.Count}.");
            return;
        }

        var button = last.Card.Buttons[number - 1];
        switch (button.Type)
        {
            case "Action.ToggleVisibility":
                foreach (var target in button.Targets)
                {
                    channel.Say(last.Card.Hidden.TryGetValue(target, out var hidden) ? hidden : $"(nothing hidden under '{target}')");
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

    private async Task<string?> AskAsync(CardInput field, CancellationToken cancellationToken)
    {
        var choices = field.Choices.Count == 0 ? string.Empty : $" [{string.Join(" | ", field.Choices.Take(30).Select(c => c.Value))}]";
        var fallback = field.Value is null ? string.Empty : $" (default {field.Value})";
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
        return answer.Length == 0 ? field.Value ?? string.Empty : answer;
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
