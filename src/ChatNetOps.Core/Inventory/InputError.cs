namespace ChatNetOps.Core.Inventory;

/// <summary>Why one input was refused, naming the field.</summary>
public sealed record InputError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
