namespace ChatNetOps.Execution.Lab;

/// <summary>A command line split into words, remembering where each word starts (for IOS-style '^' markers).</summary>
internal sealed class CliLine
{
    public CliLine(string text)
    {
        Text = text;
        var words = new List<string>();
        var offsets = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            words.Add(text[start..i]);
            offsets.Add(start);
        }

        Words = words;
        Offsets = offsets;
    }

    public string Text { get; }

    public IReadOnlyList<string> Words { get; }

    public IReadOnlyList<int> Offsets { get; }

    /// <summary>Character offset of word <paramref name="index"/>, or the end of the line past the last word.</summary>
    public int OffsetOf(int index) => index < Offsets.Count ? Offsets[index] : Text.Length;
}
