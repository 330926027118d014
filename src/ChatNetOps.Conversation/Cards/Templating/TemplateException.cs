namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>
/// A card template could not be expanded: a binding expression is malformed, calls an unsupported
/// function, or failed to evaluate. The message names the template and the expression.
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TemplateException(string templateName, string expression, string problem)
        : base($"Card template '{templateName}': expression '{expression}' {problem}")
    {
        TemplateName = templateName;
        Expression = expression;
    }

    public TemplateException()
    {
    }

    /// <summary>The template being expanded, when known.</summary>
    public string? TemplateName { get; }

    /// <summary>The offending binding expression, when known.</summary>
    public string? Expression { get; }
}
