namespace ChatNetOps.Conversation.Commands;

/// <summary>One word of a command line after quote removal.</summary>
/// <param name="Text">The whole word, quotes removed (<c>key=value with spaces</c>).</param>
/// <param name="Key">For <c>key=value</c> words (the <c>=</c> outside quotes, key a plain name): the key.</param>
/// <param name="Value">For <c>key=value</c> words: the value, quotes removed.</param>
public sealed record Token(string Text, string? Key, string? Value)
{
    public bool IsKeyValue => Key is not null;
}
