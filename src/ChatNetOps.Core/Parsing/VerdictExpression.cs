namespace ChatNetOps.Core.Parsing;

using System.Globalization;
using System.Text;

/// <summary>
/// A verdict rule such as <c>state == "FULL"</c>, <c>crc_errors > 0 or resets >= 3</c>, <c>up &lt; total</c> or
/// <c>not (address == 10.0.0.1)</c>, evaluated against one parsed row. The language is deliberately small and is
/// read by this hand-written tokenizer and recursive-descent parser: field names, string ("…" or '…'), number,
/// duration (<c>40s</c>, <c>3w</c>) and IPv4 literals, the comparisons <c>== != &lt; &lt;= &gt; &gt;=</c>, <c>and</c>,
/// <c>or</c>, <c>not</c> and parentheses. Nothing is looked up by reflection and nothing is executed: an expression is a
/// tree of comparisons over the row's values. Every name and operand type is checked when the runbooks are loaded.
/// </summary>
/// <remarks>
/// Strings compare ignoring case. <c>&lt;</c> and friends compare numbers (int and duration fields, in seconds) and IPv4
/// addresses, never strings. A field the row does not have makes a comparison false (and <c>!=</c> true).
/// </remarks>
public sealed class VerdictExpression
{
    /// <summary>The longest expression accepted; a verdict rule is one line.</summary>
    public const int MaxLength = 500;

    private const int MaxDepth = 32;

    private readonly Node _root;

    private VerdictExpression(string text, Node root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Parses and type-checks <paramref name="text"/> against the parser's <paramref name="fields"/>.</summary>
    /// <exception cref="ExpressionException">The expression is malformed, names an unknown field or compares mismatched types.</exception>
    public static VerdictExpression Parse(string text, IReadOnlyDictionary<string, FieldType> fields)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fields);
        if (text.Length > MaxLength)
        {
            throw new ExpressionException($"is longer than {MaxLength} characters");
        }

        var parser = new Parser(Tokenize(text), fields);
        var root = parser.ParseExpression(0);
        parser.ExpectEnd();
        if (root.Kind != Kind.Bool)
        {
            throw new ExpressionException("must be a condition, e.g. state == \"FULL\" or errors > 0", root.Column);
        }

        return new VerdictExpression(text, root);
    }

    /// <summary>Whether the row satisfies the expression.</summary>
    public bool Evaluate(IReadOnlyDictionary<string, string> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _root.Test(row);
    }

    public override string ToString() => Text;

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var column = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '"' or '\'')
            {
                var value = new StringBuilder();
                var j = i + 1;
                while (true)
                {
                    if (j >= text.Length)
                    {
                        throw new ExpressionException("has a string that is never closed", column);
                    }

                    if (text[j] == '\\' && j + 1 < text.Length && (text[j + 1] == c || text[j + 1] == '\\'))
                    {
                        value.Append(text[j + 1]);
                        j += 2;
                    }
                    else if (text[j] == c)
                    {
                        break;
                    }
                    else
                    {
                        value.Append(text[j++]);
                    }
                }

                tokens.Add(new Token(TokenType.String, value.ToString(), column));
                i = j + 1;
            }
            else if (char.IsAsciiDigit(c))
            {
                var j = i;
                while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '.'))
                {
                    j++;
                }

                tokens.Add(Literal(text[i..j], column));
                i = j;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var j = i;
                while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_'))
                {
                    j++;
                }

                var word = text[i..j];
                tokens.Add(word switch
                {
                    "and" or "or" or "not" => new Token(TokenType.Keyword, word, column),
                    "AND" or "OR" or "NOT" or "And" or "Or" or "Not" => new Token(TokenType.Keyword, word.ToLowerInvariant(), column),
                    _ => new Token(TokenType.Name, word, column),
                });
                i = j;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new Token(c == '(' ? TokenType.Open : TokenType.Close, c.ToString(), column));
                i++;
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : null;
                if (two is "==" or "!=" or "<=" or ">=")
                {
                    tokens.Add(new Token(TokenType.Operator, two, column));
                    i += 2;
                }
                else if (c is '<' or '>')
                {
                    tokens.Add(new Token(TokenType.Operator, c.ToString(), column));
                    i++;
                }
                else
                {
                    throw new ExpressionException(c == '=' ? "uses '=': write '==' to compare" : "uses '!': write 'not' or '!='", column);
                }
            }
            else
            {
                throw new ExpressionException($"has an unexpected character '{(char.IsControl(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString())}'", column);
            }
        }

        tokens.Add(new Token(TokenType.End, string.Empty, text.Length + 1));
        return tokens;
    }

    private static Token Literal(string word, int column)
    {
        if (long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || (double.TryParse(word, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) && word.Count(ch => ch == '.') == 1))
        {
            return new Token(TokenType.Number, word, column);
        }

        if (FieldValues.TryIpv4(word, out _))
        {
            return new Token(TokenType.Ipv4, word, column);
        }

        if (FieldValues.TryDuration(word, out _) && char.IsAsciiLetter(word[^1]))
        {
            return new Token(TokenType.Duration, word, column);
        }

        throw new ExpressionException($"has '{word}', which is not a number, a duration (40s, 3w2d) or an IPv4 address", column);
    }

    private enum TokenType
    {
        Name,
        Keyword,
        String,
        Number,
        Duration,
        Ipv4,
        Operator,
        Open,
        Close,
        End,
    }

    private enum Kind
    {
        Bool,
        Number,
        Ipv4,
        String,
    }

    private sealed record Token(TokenType Type, string Text, int Column);

    private sealed class Parser(List<Token> tokens, IReadOnlyDictionary<string, FieldType> fields)
    {
        private int _next;

        private Token Peek => tokens[_next];

        public Node ParseExpression(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ExpressionException($"nests deeper than {MaxDepth} levels", Peek.Column);
            }

            var left = ParseAnd(depth);
            while (Peek is { Type: TokenType.Keyword, Text: "or" } op)
            {
                _next++;
                left = new Logical(false, Condition(left, op), Condition(ParseAnd(depth), op));
            }

            return left;
        }

        public void ExpectEnd()
        {
            if (Peek.Type != TokenType.End)
            {
                throw new ExpressionException($"has '{Peek.Text}' where the expression should end (join conditions with 'and' or 'or')", Peek.Column);
            }
        }

        private Node ParseAnd(int depth)
        {
            var left = ParseNot(depth);
            while (Peek is { Type: TokenType.Keyword, Text: "and" } op)
            {
                _next++;
                left = new Logical(true, Condition(left, op), Condition(ParseNot(depth), op));
            }

            return left;
        }

        private Node ParseNot(int depth)
        {
            if (Peek is { Type: TokenType.Keyword, Text: "not" } op)
            {
                _next++;
                if (depth > MaxDepth)
                {
                    throw new ExpressionException($"nests deeper than {MaxDepth} levels", op.Column);
                }

                return new Negation(Condition(ParseNot(depth + 1), op));
            }

            return ParseComparison(depth);
        }

        private Node ParseComparison(int depth)
        {
            var left = ParseOperand(depth);
            if (Peek.Type != TokenType.Operator)
            {
                return left;
            }

            var op = tokens[_next++];
            var right = ParseOperand(depth);
            if (left.Kind == Kind.Bool || right.Kind == Kind.Bool)
            {
                throw new ExpressionException($"compares a condition with '{op.Text}'; put each comparison on its own and join them with 'and' or 'or'", op.Column);
            }

            if (left.Kind != right.Kind)
            {
                throw new ExpressionException($"compares {Describe(left)} with {Describe(right)} using '{op.Text}'", op.Column);
            }

            if (left.Kind == Kind.String && op.Text is not ("==" or "!="))
            {
                throw new ExpressionException($"orders text with '{op.Text}'; text is compared only with == and !=", op.Column);
            }

            return new Comparison(op.Text, left, right);
        }

        private Node ParseOperand(int depth)
        {
            var token = tokens[_next++];
            switch (token.Type)
            {
                case TokenType.Open:
                    var inner = ParseExpression(depth + 1);
                    if (Peek.Type != TokenType.Close)
                    {
                        throw new ExpressionException("has a '(' that is never closed", token.Column);
                    }

                    _next++;
                    return inner;
                case TokenType.String:
                    return new Constant(Kind.String, token.Text, 0, token.Column);
                case TokenType.Number:
                    return new Constant(Kind.Number, token.Text, double.Parse(token.Text, CultureInfo.InvariantCulture), token.Column);
                case TokenType.Duration:
                    FieldValues.TryDuration(token.Text, out var seconds);
                    return new Constant(Kind.Number, token.Text, seconds, token.Column);
                case TokenType.Ipv4:
                    FieldValues.TryIpv4(token.Text, out var address);
                    return new Constant(Kind.Ipv4, token.Text, address, token.Column);
                case TokenType.Name:
                    if (!fields.TryGetValue(token.Text, out var type))
                    {
                        var known = string.Join(", ", fields.Keys.Order(StringComparer.Ordinal));
                        throw new ExpressionException($"names unknown field '{token.Text}'; the parser's fields are {(known.Length == 0 ? "(none)" : known)}", token.Column);
                    }

                    return new Field(token.Text, type, token.Column);
                case TokenType.End:
                    throw new ExpressionException("ends where a field or a value is expected", token.Column);
                default:
                    throw new ExpressionException($"has '{token.Text}' where a field or a value is expected", token.Column);
            }
        }

        private static Node Condition(Node node, Token op) =>
            node.Kind == Kind.Bool ? node : throw new ExpressionException($"uses '{op.Text}' with {Describe(node)}, which is not a condition (compare it, e.g. errors > 0)", node.Column);

        private static string Describe(Node node) => node switch
        {
            Field f => $"field '{f.Name}' ({f.Type.ToString().ToLowerInvariant()})",
            Constant { Kind: Kind.String } c => $"text \"{c.Text}\"",
            Constant { Kind: Kind.Ipv4 } c => $"address {c.Text}",
            Constant c => $"number {c.Text}",
            _ => "a condition",
        };
    }

    /// <summary>A node of the expression tree; a comparison operand yields a value, a condition a truth value.</summary>
    private abstract class Node(Kind kind, int column)
    {
        public Kind Kind { get; } = kind;

        public int Column { get; } = column;

        public virtual bool Test(IReadOnlyDictionary<string, string> row) => throw new InvalidOperationException("Only conditions are tested; the parser checked this.");

        /// <summary>The operand's value in <paramref name="row"/>: text, or a number (also for IPv4); null when the row lacks it.</summary>
        public virtual (string Text, double Number)? Value(IReadOnlyDictionary<string, string> row) => null;
    }

    private sealed class Constant(Kind kind, string text, double number, int column) : Node(kind, column)
    {
        public string Text { get; } = text;

        public override (string Text, double Number)? Value(IReadOnlyDictionary<string, string> row) => (Text, number);
    }

    private sealed class Field(string name, FieldType type, int column)
        : Node(type switch { FieldType.Int or FieldType.Duration => Kind.Number, FieldType.Ipv4 => Kind.Ipv4, _ => Kind.String }, column)
    {
        public string Name { get; } = name;

        public FieldType Type { get; } = type;

        public override (string Text, double Number)? Value(IReadOnlyDictionary<string, string> row)
        {
            if (!row.TryGetValue(Name, out var text) || text.Length == 0)
            {
                return null;
            }

            switch (Kind)
            {
                case Kind.Number:
                    return FieldValues.TryNumber(Type, text, out var n) ? (text, n) : null;
                case Kind.Ipv4:
                    return FieldValues.TryIpv4(text, out var a) ? (text, a) : null;
                default:
                    return (text, 0);
            }
        }
    }

    private sealed class Comparison(string op, Node left, Node right) : Node(Kind.Bool, left.Column)
    {
        public override bool Test(IReadOnlyDictionary<string, string> row)
        {
            if (left.Value(row) is not { } l || right.Value(row) is not { } r)
            {
                return op == "!=";
            }

            var order = left.Kind == Kind.String
                ? string.Compare(l.Text, r.Text, StringComparison.OrdinalIgnoreCase)
                : l.Number.CompareTo(r.Number);
            return op switch
            {
                "==" => order == 0,
                "!=" => order != 0,
                "<" => order < 0,
                "<=" => order <= 0,
                ">" => order > 0,
                _ => order >= 0,
            };
        }
    }

    private sealed class Logical(bool all, Node left, Node right) : Node(Kind.Bool, left.Column)
    {
        public override bool Test(IReadOnlyDictionary<string, string> row) => all ? left.Test(row) && right.Test(row) : left.Test(row) || right.Test(row);
    }

    private sealed class Negation(Node inner) : Node(Kind.Bool, inner.Column)
    {
        public override bool Test(IReadOnlyDictionary<string, string> row) => !inner.Test(row);
    }
}
