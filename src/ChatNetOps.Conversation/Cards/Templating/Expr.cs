namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>A parsed Adaptive Expressions binding (the part between <c>${</c> and <c>}</c>).</summary>
internal abstract record Expr
{
    /// <summary>A literal: string, number, true, false, null or undefined.</summary>
    public sealed record Constant(object? Value) : Expr
    {
        public override string ToString() => Value switch
        {
            string s => "'" + s + "'",
            null => "null",
            _ => JsValues.ToJsString(Value),
        };
    }

    /// <summary><c>name</c> or <c>instance.name</c>.</summary>
    public sealed record Accessor(string Name, Expr? Instance) : Expr
    {
        public override string ToString() => Instance is null ? Name : $"{Instance}.{Name}";
    }

    /// <summary><c>instance[index]</c>.</summary>
    public sealed record Element(Expr Instance, Expr Index) : Expr
    {
        public override string ToString() => $"{Instance}[{Index}]";
    }

    /// <summary>A function call or an operator, by its function name (operators map to add, less, and, ...).</summary>
    public sealed record Call(string Function, IReadOnlyList<Expr> Args, string? Operator = null) : Expr
    {
        public override string ToString()
        {
            if (Operator is null)
            {
                return $"{Function}({string.Join(", ", Args)})";
            }

            return Args.Count == 1 ? $"{Operator}{Args[0]}" : $"({string.Join($" {Operator} ", Args)})";
        }
    }
}
