namespace ChatNetOps.Execution.Tests.Lab;

internal sealed record ShippedInput(string Name, string Type, bool Required, IReadOnlyList<string> Values, string? Min, string? Default);
