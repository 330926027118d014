namespace ChatNetOps.Core.Inventory;

/// <summary>A typed input of a runbook. Values are validated before any template sees them.</summary>
public sealed record RunbookInput(string Name, InputType Type, bool Required)
{
    public string? Description { get; init; }

    /// <summary>Anchored regular expression the value must match (Interface, Token).</summary>
    public string? Pattern { get; init; }

    /// <summary>Allowed values (Enum).</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    public long? Min { get; init; }

    public long? Max { get; init; }

    public int MaxLength { get; init; } = 64;

    public string? Default { get; init; }
}
