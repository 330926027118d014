using System.Globalization;
using System.Text;

namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>
/// Recursive-descent parser for the subset of Adaptive Expressions our card templates use (cards/README.md).
/// Precedence follows the Adaptive Expressions grammar (highest first): <c>!</c>; <c>+ -</c>;
/// <c>== != &lt;&gt;</c>; <c>&amp;</c>; <c>&lt; &lt;= &gt; &gt;=</c>; <c>&amp;&amp;</c>; <c>||</c>.
/// </summary>
internal sealed class ExpressionParser
{
    private static readonly Dictionary<string, (int Min, int Max)> FunctionArity = new(StringComparer.Ordinal)
    {
        ["if"] = (3, 3),
        ["equals"] = (2, 2),
        ["notEquals"] = (2, 2),
        ["less"] = (2, 2),
        ["lessOrEquals"] = (2, 2),
        ["greater"] = (2, 2),
        ["greaterOrEquals"] = (2, 2),
        ["not"] = (1, 1),
        ["and"] = (1, int.MaxValue),
        ["or"] = (1, int.MaxValue),
        ["empty"] = (1, 1),
        ["exists"] = (1, 1),
        ["count"] = (1, 1),
        ["concat"] = (2, int.MaxValue),
        ["join"] = (2, 2),
        ["add"] = (2, int.MaxValue),
        ["sub"] = (2, int.MaxValue),
    };

    private readonly string _text;
    private int _pos;

    private ExpressionParser(string text)
    {
        _text = text;
    }

    /// <summary>Parses one expression; throws <see cref="FormatException"/> describing the problem.</summary>
    public static Expr Parse(string text)
    {
        var parser = new ExpressionParser(text);
        parser.SkipWhitespace();
        if (parser.AtEnd)
        {
            throw new FormatException("is empty");
        }

        var result = parser.ParseOr();
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            throw new FormatException($"has unexpected '{text[parser._pos..]}' at position {parser._pos}");
        }

        return result;
    }

    private bool AtEnd => _pos >= _text.Length;

    private Expr ParseOr() => ParseLeftAssociative(ParseAnd, ("||", "or"));

    private Expr ParseAnd() => ParseLeftAssociative(ParseRelational, ("&&", "and"));

    private Expr ParseRelational() =>
        ParseLeftAssociative(ParseAmpersand, ("<=", "lessOrEquals"), (">=", "greaterOrEquals"), ("<", "less"), (">", "greater"));

    private Expr ParseAmpersand() => ParseLeftAssociative(ParseEquality, ("&", "concat"));

    private Expr ParseEquality() =>
        ParseLeftAssociative(ParseAdditive, ("==", "equals"), ("!=", "notEquals"), ("<>", "notEquals"));

    private Expr ParseAdditive() => ParseLeftAssociative(ParseUnary, ("+", "add"), ("-", "sub"));

    private Expr ParseLeftAssociative(Func<Expr> next, params (string Token, string Function)[] operators)
    {
        var left = next();
        while (true)
        {
            SkipWhitespace();
            var matched = false;
            foreach (var (token, function) in operators)
            {
                if (IsOperatorAt(token))
                {
                    _pos += token.Length;
                    var right = next();
                    left = new Expr.Call(function, [left, right], token);
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                return left;
            }
        }
    }

    private bool IsOperatorAt(string token)
    {
        if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0)
        {
            return false;
        }

        var after = _pos + token.Length < _text.Length ? _text[_pos + token.Length] : '\0';
        return token switch
        {
            // '&' and '&&', '<' and '<=' / '<>', '>' and '>=', '|' alone is not an operator.
            "&" => after != '&',
            "<" => after is not '=' and not '>',
            ">" => after != '=',
            _ => true,
        };
    }

    private Expr ParseUnary()
    {
        SkipWhitespace();
        if (AtEnd)
        {
            throw new FormatException("ends where an operand was expected");
        }

        if (_text[_pos] == '!' && !IsOperatorAt("!="))
        {
            _pos++;
            return new Expr.Call("not", [ParseUnary()], "!");
        }

        return ParsePostfix();
    }

    private Expr ParsePostfix()
    {
        var expr = ParsePrimary();
        while (true)
        {
            SkipWhitespace();
            if (AtEnd)
            {
                return expr;
            }

            var c = _text[_pos];
            if (c == '.')
            {
                _pos++;
                SkipWhitespace();
                var name = ReadIdentifier() ?? throw new FormatException($"expects a property name after '.' at position {_pos}");
                expr = new Expr.Accessor(name, expr);
            }
            else if (c == '[')
            {
                _pos++;
                var index = ParseOr();
                Expect(']');
                expr = new Expr.Element(expr, index);
            }
            else if (c == '(')
            {
                if (expr is not Expr.Accessor { Instance: null } function)
                {
                    throw new FormatException($"calls something that is not a function name at position {_pos}");
                }

                _pos++;
                var args = ParseArguments();
                if (!FunctionArity.TryGetValue(function.Name, out var arity))
                {
                    throw new FormatException(
                        $"calls unsupported function '{function.Name}' (supported: {string.Join(", ", FunctionArity.Keys)})");
                }

                if (args.Count < arity.Min || args.Count > arity.Max)
                {
                    throw new FormatException($"calls '{function.Name}' with {args.Count} argument(s)");
                }

                expr = new Expr.Call(function.Name, args);
            }
            else
            {
                return expr;
            }
        }
    }

    private List<Expr> ParseArguments()
    {
        var args = new List<Expr>();
        SkipWhitespace();
        if (!AtEnd && _text[_pos] == ')')
        {
            _pos++;
            return args;
        }

        while (true)
        {
            args.Add(ParseOr());
            SkipWhitespace();
            if (!AtEnd && _text[_pos] == ',')
            {
                _pos++;
                continue;
            }

            Expect(')');
            return args;
        }
    }

    private Expr ParsePrimary()
    {
        SkipWhitespace();
        if (AtEnd)
        {
            throw new FormatException("ends where an operand was expected");
        }

        var c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = ParseOr();
            Expect(')');
            return inner;
        }

        if (c is '\'' or '"')
        {
            return new Expr.Constant(ReadString(c));
        }

        if (char.IsAsciiDigit(c))
        {
            return new Expr.Constant(ReadNumber());
        }

        var identifier = ReadIdentifier() ?? throw new FormatException($"has unexpected '{c}' at position {_pos}");
        return identifier switch
        {
            "true" => new Expr.Constant(true),
            "false" => new Expr.Constant(false),
            "null" => new Expr.Constant(null),
            "undefined" => new Expr.Constant(Undefined.Value),
            _ => new Expr.Accessor(identifier, null),
        };
    }

    private double ReadNumber()
    {
        var start = _pos;
        while (!AtEnd && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        if (_pos + 1 < _text.Length && _text[_pos] == '.' && char.IsAsciiDigit(_text[_pos + 1]))
        {
            _pos++;
            while (!AtEnd && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        return double.Parse(_text[start.._pos], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    private string ReadString(char quote)
    {
        var start = ++_pos;
        while (true)
        {
            if (AtEnd)
            {
                throw new FormatException($"has an unterminated string starting at position {start - 1}");
            }

            var c = _text[_pos];
            if (c == '\\' && _pos + 1 < _text.Length)
            {
                _pos += 2;
                continue;
            }

            if (c == quote)
            {
                break;
            }

            _pos++;
        }

        var raw = _text[start.._pos];
        _pos++;
        return EvalEscape(raw.Replace("\\" + quote, quote.ToString(), StringComparison.Ordinal));
    }

    /// <summary>Adaptive Expressions' <c>evalEscape</c>: only \r, \n, \t and \\ are unescaped.</summary>
    private static string EvalEscape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                var replacement = text[i + 1] switch
                {
                    'r' => "\r",
                    'n' => "\n",
                    't' => "\t",
                    '\\' => "\\",
                    _ => null,
                };
                if (replacement is not null)
                {
                    builder.Append(replacement);
                    i++;
                    continue;
                }
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    /// <summary>Identifiers start with a letter, _, $, @ or #, and continue with letters, digits and _ (<c>a-b</c> is a subtraction).</summary>
    private string? ReadIdentifier()
    {
        if (AtEnd)
        {
            return null;
        }

        var c = _text[_pos];
        if (!char.IsAsciiLetter(c) && c is not '_' and not '$' and not '@' and not '#')
        {
            return null;
        }

        var start = _pos++;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        if (AtEnd || _text[_pos] != c)
        {
            throw new FormatException($"expects '{c}' at position {_pos}");
        }

        _pos++;
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && _text[_pos] is ' ' or '\t')
        {
            _pos++;
        }
    }
}
