namespace ChatNetOps.Core.Inventory;

/// <summary>Validated, normalised inputs, or the reasons they were refused.</summary>
public sealed record InputValidation(IReadOnlyDictionary<string, string> Values, IReadOnlyList<InputError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>Required inputs that were not supplied (a form can ask for them instead of an error).</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}
