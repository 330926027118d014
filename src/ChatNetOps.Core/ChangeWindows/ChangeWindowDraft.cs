namespace ChatNetOps.Core.ChangeWindows;

/// <summary>
/// What <c>change open</c> asks for. <see cref="Id"/> is the change's id, or <c>new</c> to create the change in the
/// ticketing system first (its number becomes the id); <see cref="Type"/> (<c>normal</c> or <c>standard</c>) and
/// <see cref="Template"/> (a standard change's template) are for that system.
/// </summary>
public sealed record ChangeWindowDraft(string Id, string Summary, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<string> Devices, string? Group)
{
    public const string New = "new";

    public string? Type { get; init; }

    public string? Template { get; init; }
}
