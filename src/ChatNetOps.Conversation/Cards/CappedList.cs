namespace ChatNetOps.Conversation.Cards;

/// <summary>The first items of a list kept by <see cref="CardLimits.Cap{T}"/>, and how many there were.</summary>
public sealed record CappedList<T>(IReadOnlyList<T> Items, int Total)
{
    /// <summary>How many items were left out.</summary>
    public int Omitted => Total - Items.Count;

    /// <summary>"and N more" when items were left out, otherwise null.</summary>
    public string? MoreNote => Omitted > 0 ? $"and {Omitted} more" : null;
}
