namespace ChatNetOps.Core.Parsing;

/// <summary>A verdict expression that cannot be used; the message names the problem and the 1-based column.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpressionException(string message, int column)
        : base($"{message} (at column {column})")
    {
        Column = column;
    }

    public int Column { get; }
}
