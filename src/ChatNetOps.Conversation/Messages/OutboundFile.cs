namespace ChatNetOps.Conversation.Messages;

/// <summary>A file that goes with an <see cref="OutboundMessage"/>: its name, a title to show, its media type and bytes.</summary>
public sealed record OutboundFile(string Name, string Title, string ContentType, ReadOnlyMemory<byte> Content);
