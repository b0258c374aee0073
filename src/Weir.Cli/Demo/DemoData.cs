using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;

namespace Weir.Cli.Demo;

/// <summary>
/// Generates the demo shop's raw data: customers (CSV), products (JSON array), orders (one CSV per month, read through a
/// glob), order items (NDJSON) and a country seed. Deterministic for a given seed, realistic in shape, with a few dirty
/// rows of the kinds real exports have: duplicated customers, missing and badly cased e-mails, statuses with stray case
/// and spaces, items with zero or negative quantity.
/// </summary>
internal sealed class DemoData
{
    public const int DefaultCustomers = 2_000;
    public const int DefaultOrders = 20_000;

    private static readonly string[] s_firstNames =
    [
        "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Dennis", "Ken", "Frances", "John", "Radia",
        "Tim", "Sophie", "Guido", "Anders", "Bjarne", "Katherine", "Linus", "Hedy", "Niklaus", "Leslie", "Shafi", "Yukihiro",
    ];

    private static readonly string[] s_lastNames =
    [
        "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Ritchie", "Thompson", "Allen", "Backus",
        "Perlman", "Berners-Lee", "Wilson", "van Rossum", "Hejlsberg", "Stroustrup", "Johnson", "Torvalds", "Lamarr", "Wirth",
        "Lamport", "Goldwasser", "Matsumoto", "O'Neil", "García", "Müller", "Øberg",
    ];

    private static readonly (string Code, string Name, string Region)[] s_countries =
    [
        ("US", "United States", "Americas"), ("CA", "Canada", "Americas"), ("BR", "Brazil", "Americas"),
        ("MX", "Mexico", "Americas"), ("GB", "United Kingdom", "Europe"), ("DE", "Germany", "Europe"),
        ("FR", "France", "Europe"), ("ES", "Spain", "Europe"), ("NL", "Netherlands", "Europe"), ("SE", "Sweden", "Europe"),
        ("PL", "Poland", "Europe"), ("JP", "Japan", "Asia Pacific"), ("IN", "India", "Asia Pacific"),
        ("AU", "Australia", "Asia Pacific"), ("SG", "Singapore", "Asia Pacific"), ("ZA", "South Africa", "Africa"),
    ];

    private static readonly (string Category, string[] Items, decimal Low, decimal High)[] s_catalog =
    [
        ("Coffee", ["Espresso Beans", "Filter Roast", "Decaf Blend", "Single Origin Ethiopia", "Cold Brew Pack"], 8m, 32m),
        ("Tea", ["Sencha", "Earl Grey", "Rooibos", "Chai Masala", "Oolong"], 5m, 28m),
        ("Equipment", ["Pour-over Kettle", "Burr Grinder", "French Press", "Scale", "Milk Frother", "Espresso Machine"], 19m, 640m),
        ("Accessories", ["Ceramic Mug", "Travel Cup", "Paper Filters", "Tamper", "Cleaning Tablets"], 3m, 45m),
        ("Subscriptions", ["Monthly Beans", "Quarterly Tea Box", "Barista Course"], 25m, 180m),
    ];

    private static readonly string[] s_statuses = ["placed", "shipped", "delivered", "delivered", "delivered", "returned", "cancelled"];
    private static readonly string[] s_channels = ["web", "web", "web", "mobile", "mobile", "marketplace", "store"];
    private static readonly string[] s_tiers = ["Bronze", "Bronze", "Bronze", "Silver", "Silver", "Gold", "Platinum"];

    private readonly Random _random;
    private readonly int _customers;
    private readonly int _orders;
    private readonly DateTime _start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public DemoData(int seed = 42, int customers = DefaultCustomers, int orders = DefaultOrders)
    {
        _random = new Random(seed);
        _customers = customers;
        _orders = orders;
    }

    public void WriteTo(string projectRoot)
    {
        var data = Path.Combine(projectRoot, "data");
        Directory.CreateDirectory(Path.Combine(data, "orders"));
        Directory.CreateDirectory(Path.Combine(projectRoot, "seeds"));
        WriteCountries(Path.Combine(projectRoot, "seeds", "countries.csv"));
        WriteCustomers(Path.Combine(data, "customers.csv"));
        var prices = WriteProducts(Path.Combine(data, "products.json"));
        WriteOrders(Path.Combine(data, "orders"), Path.Combine(data, "order_items.ndjson"), prices);
    }

    private static void WriteCountries(string path)
    {
        WriteCsv(path, ["country_code", "country_name", "region"], s_countries.Select(c => new object?[] { c.Code, c.Name, c.Region }));
    }

    private void WriteCustomers(string path)
    {
        var rows = new List<object?[]>(_customers + 20);
        for (var id = 1; id <= _customers; id++)
        {
            var first = Pick(s_firstNames);
            var last = Pick(s_lastNames);
            var email = $"{first}.{last}{id}@example.com".Replace(" ", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal);
            var roll = _random.NextDouble();
            object? dirtyEmail = roll switch
            {
                < 0.01 => null,                                       // missing
                < 0.03 => "  " + email.ToUpperInvariant() + " ",      // badly cased, padded
                _ => email.ToLowerInvariant(),
            };
            var signup = _start.AddDays(-_random.Next(0, 900)).AddMinutes(_random.Next(0, 1440));
            rows.Add([id, first, last, dirtyEmail, Pick(s_countries).Code, signup.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Pick(s_tiers)]);
        }

        // An export that ran twice for some customers: same id, later signup timestamp, e-mail fixed.
        for (var i = 0; i < 15; i++)
        {
            var copy = (object?[])rows[_random.Next(rows.Count)].Clone();
            copy[5] = DateTime.Parse((string)copy[5]!, CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            rows.Add(copy);
        }

        WriteCsv(path, ["customer_id", "first_name", "last_name", "email", "country_code", "signup_ts", "Loyalty Tier"], rows);
    }

    private Dictionary<int, decimal> WriteProducts(string path)
    {
        var prices = new Dictionary<int, decimal>();
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
        var id = 100;
        foreach (var (category, items, low, high) in s_catalog)
        {
            foreach (var item in items)
            {
                foreach (var size in new[] { "S", "M", "L" })
                {
                    id++;
                    var price = Math.Round(low + ((high - low) * (decimal)_random.NextDouble()), 2);
                    prices[id] = price;
                    json.WriteStartObject();
                    json.WriteNumber("product_id", id);
                    json.WriteString("name", $"{item} ({size})");
                    json.WriteString("category", category);
                    json.WriteNumber("list_price", price);
                    json.WriteBoolean("active", _random.NextDouble() > 0.05);
                    json.WriteEndObject();
                }
            }
        }

        json.WriteEndArray();
        return prices;
    }

    private void WriteOrders(string ordersFolder, string itemsPath, Dictionary<int, decimal> prices)
    {
        var productIds = prices.Keys.ToArray();
        var byMonth = new SortedDictionary<string, List<object?[]>>(StringComparer.Ordinal);
        using var items = new StreamWriter(itemsPath);
        var span = TimeSpan.FromDays(330).TotalMinutes;
        for (var orderId = 1; orderId <= _orders; orderId++)
        {
            var ts = _start.AddMinutes(span * orderId / _orders).AddSeconds(_random.Next(0, 600));
            var status = Pick(s_statuses);
            var dirty = _random.NextDouble() switch
            {
                < 0.01 => status.ToUpperInvariant(),
                < 0.02 => " " + char.ToUpperInvariant(status[0]) + status[1..] + " ",
                _ => status,
            };
            var customer = _random.Next(1, _customers + 1);
            var month = ts.ToString("yyyy_MM", CultureInfo.InvariantCulture);
            if (!byMonth.TryGetValue(month, out var list))
            {
                byMonth[month] = list = [];
            }

            list.Add([orderId, customer, ts.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), dirty, Pick(s_channels)]);
            var lines = 1 + (int)Math.Floor(-Math.Log(1 - _random.NextDouble()) * 1.5);
            for (var line = 1; line <= lines; line++)
            {
                var product = productIds[_random.Next(productIds.Length)];
                var quantity = _random.NextDouble() < 0.004 ? _random.Next(-2, 1) : 1 + (int)Math.Floor(-Math.Log(1 - _random.NextDouble()));
                var discount = _random.NextDouble() < 0.15 ? 0.9m : 1m;
                var unitPrice = Math.Round(prices[product] * discount, 2);
                items.Write(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{{\"order_id\":{orderId},\"line_no\":{line},\"product_id\":{product},\"quantity\":{quantity},\"unit_price\":{unitPrice}}}\n"));
            }
        }

        foreach (var (month, rows) in byMonth)
        {
            WriteCsv(Path.Combine(ordersFolder, $"orders_{month}.csv"), ["order_id", "customer_id", "order_ts", "status", "channel"], rows);
        }
    }

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    private static void WriteCsv(string path, string[] header, IEnumerable<object?[]> rows)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var h in header)
        {
            csv.WriteField(h);
        }

        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                csv.WriteField(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());
            }

            csv.NextRecord();
        }
    }
}
