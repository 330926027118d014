namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>The outcome of evaluating an expression: a value, or an error message (as in adaptive-expressions).</summary>
internal readonly record struct EvalResult(object? Value, string? Error)
{
    public static EvalResult Ok(object? value) => new(value, null);

    public static EvalResult Fail(string error) => new(Undefined.Value, error);
}
