namespace ChatNetOps.Core.Incidents;

/// <summary>A mutable row (incidents, requests, outputs) that disagrees with the verified chain; the export trusts the chain.</summary>
/// <param name="Subject">The row, e.g. <c>requests REQ-…</c> or <c>incidents INC-7</c>.</param>
/// <param name="Field">What differs, e.g. <c>approved by</c>.</param>
public sealed record Discrepancy(string Subject, string Field, string? Stored, string? Chain)
{
    public override string ToString() =>
        Stored is null ? $"{Subject}: {Field}: no stored value; the chain records {Quote(Chain)}"
        : Chain is null ? $"{Subject}: {Field}: the store says {Quote(Stored)}; the chain records nothing"
        : $"{Subject}: {Field}: the store says {Quote(Stored)}; the chain records {Quote(Chain)}";

    private static string Quote(string? value) => value is null ? "nothing" : $"'{value}'";
}
