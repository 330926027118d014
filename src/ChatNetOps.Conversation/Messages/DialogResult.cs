namespace ChatNetOps.Conversation.Messages;

/// <summary>What the dialog answers to one <see cref="ChatEvent"/>: the messages to send, in order.</summary>
/// <remarks>
/// Side effect the adapter owns: for every sent message in <see cref="MessagesToAttach"/> call <c>DialogService.AttachMessageAsync(requestId, messageId, link)</c>;
/// <see cref="MessagesToAttach"/> lists them.
/// </remarks>
public sealed record DialogResult(IReadOnlyList<OutboundMessage> Messages)
{
    public static DialogResult None { get; } = new([]);

    /// <summary>Messages whose platform id must be attached to their request once posted.</summary>
    public IEnumerable<OutboundMessage> MessagesToAttach =>
        Messages.Where(m => m.RequestId is not null && m.Attachable && !m.Ephemeral && m.ReplaceMessageId is null);

    public static DialogResult Of(params OutboundMessage[] messages) => new(messages);
}
