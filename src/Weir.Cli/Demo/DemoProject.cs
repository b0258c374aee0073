namespace Weir.Cli.Demo;

/// <summary>
/// The demo project: an online coffee shop. Raw files → sources → staging models → marts, with checks on every layer
/// (one warn check fires on the dirty raw data, by design). Used by <c>weir demo</c>; <c>weir init</c> writes a smaller one.
/// </summary>
internal static class DemoProject
{
    public static void Write(string root, int seed = 42, int customers = DemoData.DefaultCustomers, int orders = DemoData.DefaultOrders)
    {
        Directory.CreateDirectory(root);
        foreach (var (path, text) in Files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        new DemoData(seed, customers, orders).WriteTo(root);
    }

    public static IReadOnlyList<(string Path, string Text)> Files { get; } =
    [
        ("weir.yaml", """
            # The demo shop. Run `weir run` here; see README.md for a tour.
            name: coffee_shop
            run:
              threads: 4
              retries: 1
              retry_delay: 1s
              timeout: 10m
            """),
        (".gitignore", """
            .weir/
            lake/
            """),
        ("sources/shop.yaml", """
            sources:
              - name: raw_customers
                kind: csv
                path: data/customers.csv
                description: Customer export from the shop's CRM (re-exported nightly; may repeat a customer).
                owner: crm-team@example.com
                tags: [shop, pii]
                primary_key: [customer_id]
                columns:
                  - name: customer_id
                    type: INTEGER
                    checks: [not_null]
                  - name: signup_ts
                    type: TIMESTAMP
                  - name: Loyalty Tier
                    description: Bronze, Silver, Gold or Platinum.
                    checks:
                      - accepted_values: { values: [Bronze, Silver, Gold, Platinum] }

              - name: raw_products
                kind: json
                path: data/products.json
                description: Product catalogue as served by the catalogue API.
                tags: [shop]
                primary_key: [product_id]
                columns:
                  - name: product_id
                    checks: [not_null, unique]
                  - name: list_price
                    type: DECIMAL(10,2)

              - name: raw_orders
                kind: csv
                path: data/orders/orders_*.csv
                description: One file per month from the order service.
                tags: [shop, orders]
                primary_key: [order_id]
                columns:
                  - name: order_id
                    type: BIGINT
                    checks: [not_null, unique]
                  - name: order_ts
                    type: TIMESTAMP
                  - name: status
                    description: The order service writes statuses by hand in places; staging normalizes them.
                    checks:
                      - accepted_values:
                          values: [placed, shipped, delivered, returned, cancelled]
                          severity: warn

              - name: raw_order_items
                kind: ndjson
                path: data/order_items.ndjson
                description: Order lines, streamed by the order service.
                tags: [shop, orders]
                columns:
                  - name: order_id
                    checks: [not_null]
                  - name: unit_price
                    type: DECIMAL(10,2)
            """),
        ("models/staging/stg_customers.sql", """
            -- One row per customer: the latest export wins; e-mails trimmed and lower-cased.
            select
                customer_id,
                first_name,
                last_name,
                nullif(lower(trim(email)), '') as email,
                country_code,
                signup_ts,
                "Loyalty Tier" as loyalty_tier
            from raw_customers
            qualify row_number() over (partition by customer_id order by signup_ts desc) = 1
            """),
        ("models/staging/stg_orders.sql", """
            select
                order_id,
                customer_id,
                order_ts,
                cast(order_ts as date) as order_date,
                lower(trim(status)) as status,
                channel
            from raw_orders
            """),
        ("models/staging/stg_order_items.sql", """
            -- Lines with a non-positive quantity are data-entry errors in the order service: dropped here.
            select
                order_id,
                line_no,
                product_id,
                quantity,
                unit_price,
                quantity * unit_price as line_amount
            from raw_order_items
            where quantity > 0
            """),
        ("models/staging/stg_products.sql", """
            select product_id, name as product_name, category, list_price, active
            from raw_products
            """),
        ("models/staging/staging.yaml", """
            models:
              - name: stg_customers
                materialized: table
                description: Customers, deduplicated.
                owner: analytics@example.com
                tags: [staging]
                columns:
                  - name: customer_id
                    checks: [not_null, unique]
                  - name: email
                    checks:
                      - not_null: { severity: warn }
                  - name: country_code
                    checks:
                      - relationships: { to: countries, field: country_code }
              - name: stg_orders
                materialized: view
                tags: [staging]
                columns:
                  - name: order_id
                    checks: [unique]
                  - name: status
                    checks:
                      - accepted_values: { values: [placed, shipped, delivered, returned, cancelled] }
              - name: stg_order_items
                materialized: table
                tags: [staging]
                columns:
                  - name: quantity
                    checks: [not_null]
                  - name: product_id
                    checks:
                      - relationships: { to: stg_products, field: product_id }
              - name: stg_products
                materialized: view
                tags: [staging]
            """),
        ("models/marts/fct_orders.sql", """
            -- One row per order with its value. Incremental: each run merges orders at or after the latest order_ts.
            with lines as (
                select order_id, count(*) as items, sum(quantity) as units, sum(line_amount) as order_amount
                from stg_order_items
                group by order_id
            )
            select
                o.order_id,
                o.customer_id,
                o.order_ts,
                o.order_date,
                o.status,
                o.channel,
                coalesce(l.items, 0) as items,
                coalesce(l.units, 0) as units,
                coalesce(l.order_amount, 0) as order_amount
            from stg_orders as o
            left join lines as l using (order_id)
            """),
        ("models/marts/dim_customers.sql", """
            select
                c.customer_id,
                c.first_name || ' ' || c.last_name as customer_name,
                c.email,
                c.loyalty_tier,
                k.country_name,
                k.region,
                count(o.order_id) filter (where o.status not in ('cancelled', 'returned')) as orders,
                coalesce(sum(o.order_amount) filter (where o.status not in ('cancelled', 'returned')), 0) as lifetime_value,
                min(o.order_date) as first_order_date,
                max(o.order_date) as last_order_date
            from stg_customers as c
            left join countries as k using (country_code)
            left join fct_orders as o on o.customer_id = c.customer_id
            group by all
            """),
        ("models/marts/daily_revenue.sql", """
            select
                order_date,
                count(*) as orders,
                sum(order_amount) as revenue,
                round(avg(order_amount), 2) as average_order_value
            from fct_orders
            where status not in ('cancelled', 'returned')
            group by order_date
            """),
        ("models/marts/revenue_by_region.sql", """
            select
                k.region,
                p.category,
                sum(i.line_amount) as revenue
            from stg_order_items as i
            join stg_products as p using (product_id)
            join stg_orders as o using (order_id)
            join stg_customers as c on c.customer_id = o.customer_id
            join countries as k on k.country_code = c.country_code
            where o.status not in ('cancelled', 'returned')
            group by all
            """),
        ("models/marts/marts.yaml", """
            models:
              - name: fct_orders
                materialized: incremental
                unique_key: [order_id]
                cursor: order_ts
                description: Orders with their value; the grain every revenue figure starts from.
                owner: finance@example.com
                tags: [marts, finance]
                columns:
                  - name: order_id
                    checks: [not_null, unique]
                  - name: customer_id
                    checks:
                      - relationships: { to: stg_customers, field: customer_id }
              - name: dim_customers
                tags: [marts]
                columns:
                  - name: customer_id
                    checks: [unique]
              - name: daily_revenue
                owner: finance@example.com
                tags: [marts, finance]
                checks:
                  - row_count: { min: 300 }
                columns:
                  - name: order_date
                    checks: [not_null, unique]
              - name: revenue_by_region
                materialized: view
                tags: [marts, finance]
            """),
        ("seeds/countries.yaml", """
            seeds:
              - name: countries
                description: ISO country codes with the shop's sales regions.
                columns:
                  - name: country_code
                    checks: [not_null, unique]
            """),
    ];
}
