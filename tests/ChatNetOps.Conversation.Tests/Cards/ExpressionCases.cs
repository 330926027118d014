using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Tests.Cards;

/// <summary>Binding expressions run through both engines against <see cref="Data"/>; results must match exactly.</summary>
internal static class ExpressionCases
{
    public static JsonNode Data => JsonNode.Parse("""
        {
          "x": "X", "n": 5, "f": 1.5, "neg": -1234.5, "big": 1234567, "b": true, "nul": null, "s": "abc", "zero": 0, "emptyText": "",
          "obj": { "a": 1, "Mixed": "m", "q": "q\"<>&é\n" },
          "arr": [1, "a", null, true],
          "items": [ { "name": "a", "n": 1 }, { "name": "b", "n": 2 }, { "name": "c", "n": 3 } ],
          "empty": [],
          "a-b": "hyphen", "names": ["r1", "r2", "r3"], "two": ["r1", "r2"]
        }
        """)!;

    public static IReadOnlyList<string> All { get; } =
    [
        // whole-string bindings keep their type; embedded ones stringify
        "${x}", "v ${x}", "${n}", "n=${n}", "${f}", "${b}", "b=${b}", "${obj}", "o=${obj}", "${arr}", "a=${arr}", "${nul}",
        "${x}${n}", " ${x}", "${ x }", "$${x}", "${x}}",
        // literals are constants and become strings
        "${1}", "${true}", "${'lit'}", "${\"dq\"}", "${'it\\'s'}", "${'a\\nb'}",
        // missing values stay as their binding text
        "${missing}", "v ${missing}", "${missing.deeper}", "${items[5].name}", "e ${items[5].name}",
        "${count(missing)}", "j ${join(missing, ', ')}", "${x.length}",
        // paths, indexers, case-insensitive properties, $root/$data
        "${items[0].name}", "${items[2].n}", "${arr[1]}", "${obj.mixed}", "${OBJ.A}", "${obj['a']}", "${$root.x}", "${$data.s}", "${$root.items[1].name}",
        "${a-b}", "${n - 1}", "${n-1}",
        // operators
        "${n + 1}", "${n - 10}", "${f + n}", "${1 - 2 - 3}", "${1 - (2 - 3)}", "${neg + 1}",
        "${s + 'd'}", "${'n=' + n}", "${'a' & 'b'}", "${s & n}",
        "${n == 5}", "${n != 5}", "${n < 6}", "${n <= 5}", "${n > 5}", "${n >= 5}", "${'a' < 'b'}", "${x == 'X'}", "${x == 'x'}",
        "${nul == null}", "${missing == null}", "${b && n > 3}", "${b || missing}", "${missing || b}", "${false || missing}", "${or(false, false)}", "${!b}", "${!missing}", "${n > 3 && !empty(items)}",
        "${0.1 + 0.2}", "${zero == 0}",
        // functions
        "${if(b, 'yes', 'no')}", "${if(missing, 'yes', 'no')}", "${if(emptyText, 'yes', 'no')}", "${if(zero, 'yes', 'no')}", "${if(b, n, s)}",
        "${equals(n, 5)}", "${equals(items[0], items[0])}", "${not(b)}", "${and(b, true)}", "${or(false, missing)}",
        "${empty(empty)}", "${empty(items)}", "${empty(emptyText)}", "${empty(missing)}", "${empty(obj)}", "${exists(x)}", "${exists(missing)}", "${exists(nul)}",
        "${count(items)}", "${count(s)}", "${count(obj)}", "${count(emptyText)}",
        "${concat('a', s)}", "${concat('n=', n, ' b=', b)}", "c ${concat(s, obj)}", "${concat(empty, arr)}",
        "${join(arr, '|')}", "${join(items, ',')}", "${join(empty, ',')}", "${join(names, ', ')}",
        "${count(items) > 2}", "${count(x) + count(items)}", "${items[count(items) - 1].name}", "${big + 1}",
    ];
}
