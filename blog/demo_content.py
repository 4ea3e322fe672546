"""The demo site's content, written for this project: settings, authors, categories, posts.

Bodies are lists of (block type, value) pairs in StreamField's raw form. A `related_posts`
block names its pinned posts by slug; `load_demo_content` turns them into page links.
"""

SETTINGS = {
    "blog_name": "*umBlog",
    "tagline": "Worth knowing from the world of data, and insights into our unbelievable company.",
    "company_name": "The unbelievable Machine Company GmbH",
    "address": "Grolmanstr. 40\nD-10623 Berlin",
    "phone": "+49-30-889 26 56-0",
    "fax": "+49-30-889 26 56-11",
    "email": "hello@example.com",
    "career_heading": "Working at *um:",
    "career_link_text": "Go to the Career Page",
    "career_url": "https://example.com/careers/",
    "latest_posts_count": 5,
    "social_profiles": [
        ("linkedin", "https://www.linkedin.com/company/example"),
        ("xing", "https://www.xing.com/pages/example"),
        ("x", "https://x.com/example"),
        ("youtube", "https://www.youtube.com/@example"),
    ],
}

AUTHORS = [
    ("Lena Hoffmann", "Head of Data Strategy", (36, 84, 140)),
    ("Jonas Weber", "Cloud Architect", (20, 110, 90)),
    ("Aylin Demir", "Data Scientist", (150, 60, 90)),
]

CATEGORIES = [
    ("Definitions", "definitions", "Short, precise explanations of the terms our field runs on."),
    ("Big Data & Analytics", "big-data-analytics", "Platforms, pipelines and analyses."),
    ("Cloud", "cloud", "Running data workloads in the cloud."),
    ("Data Strategy", "data-strategy", "Organisation, governance and the people side of data."),
]

SEED_SLUG = "defining-digitalization-industry-40-or-internet-things"


def paragraph(*sentences):
    return ("paragraph", "<p>" + " ".join(sentences) + "</p>")


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def callout(text, note=""):
    return ("callout", {"text": text, "note": note})


POSTS = [
    {
        "slug": SEED_SLUG,
        "title": "Defining digitalization: Industry 4.0 or Internet of Things?",
        "teaser": "Industrial Internet + Internet of Things = Industrial Internet of Things. "
        "Two buzzwords, one movement: where Industry 4.0 and the IoT overlap and where they part.",
        "date": "2026-10-20T09:00",
        "authors": ["Lena Hoffmann"],
        "categories": ["definitions"],
        "tags": ["Industry 4.0", "Internet of Things", "Digitalization", "M2M"],
        "colour": (22, 70, 120),
        "body": [
            callout("Industrial Internet + Internet of Things = Industrial Internet of Things"),
            paragraph(
                "Digitalization keeps changing how companies work and how people live, at a pace",
                "that varies from year to year but never stops. We have already written about",
                "digital transformation in general. This time we look at two labels that shape",
                "how the change is discussed: Industry 4.0, also called the Industrial Internet,",
                "and the Internet of Things (IoT). They are often swapped for one another, and",
                "that is usually a mistake. Here is how to tell them apart.",
            ),
            heading("What is the difference?"),
            paragraph(
                "Both terms, Industry 4.0 (I40) and the Internet of Things (IoT), describe the",
                "same underlying shift: devices and machines become connected and increasingly",
                "act on their own.",
            ),
            callout(
                "Industry 4.0 ≠ Internet of Things",
                "Same dynamics, different focus: production on one side, everyday products on the other.",
            ),
            paragraph(
                "Their emphasis differs, though. It is tempting to file one under industry and",
                "the other under private life, but that split is too simple: what consumers do",
                "with connected things and what factories invent now drive each other. The two",
                "worlds overlap instead of excluding each other.",
            ),
            heading("What is Industry 4.0 (the Industrial Internet)?"),
            paragraph(
                "Germany calls the digital connection of people, machines and products Industry",
                "4.0; in English the Industrial Internet is the usual name. For many branches of",
                "the economy it is still more plan than practice.",
            ),
            paragraph(
                "At its core it is about producing efficiently, from mass production down to a",
                "batch size of one, and about whole value chains running in Smart Factories.",
                "Their machines are densely connected and highly automated; they use the network",
                "and its interfaces to watch over themselves and their surroundings. That is why",
                "Machine-to-Machine (M2M) communication belongs in the same conversation.",
            ),
            heading("What is the Internet of Things?"),
            paragraph(
                "The Internet of Things starts from the consumer. It covers connected,",
                "digitalized products: cars, household appliances, entertainment electronics and",
                "countless everyday objects that record how they are used, where they are and who",
                "uses them. At best, a device uses that information to work better, or it becomes",
                "the foundation for new, smarter services.",
            ),
            heading("How will things develop?"),
            paragraph(
                "The Internet of Things is more than connectivity: it also stands for gadgets",
                "that talk to the internet and the cloud. Its real reach shows once you see",
                "Industry 4.0 as the engine that drives it forward:",
            ),
            callout("Industrial Internet + Internet of Things = Industrial Internet of Things"),
            paragraph(
                "Pushed by the internet, the physical and the virtual world grow together into",
                "an Industrial Internet of Things. It joins learning machines, Big Data",
                "technology, sensors, M2M communication and automation, all of which already",
                "work side by side in industry, and it will reach further and further into our",
                "lives.",
            ),
            paragraph(
                "Linking the digital world more closely with the world of machines can reshape",
                "global industry, and with it much of private and social life, up to the way we",
                "work and live.",
            ),
            (
                "related_posts",
                {
                    "heading": "This may interest you too:",
                    "pinned": [
                        "what-cloud-computing-definition",
                        "what-big-data-definition-five-vs",
                        "what-chief-data-officer-cdo",
                    ],
                },
            ),
        ],
    },
    {
        "slug": "what-cloud-computing-definition",
        "title": "What is cloud computing? – A definition",
        "teaser": "Computing power, storage and software on demand, paid by use: "
        "what cloud computing means and which service models there are.",
        "date": "2026-09-15T09:00",
        "authors": ["Jonas Weber"],
        "categories": ["definitions", "cloud"],
        "tags": ["Cloud Computing", "IaaS", "SaaS"],
        "colour": (20, 110, 90),
        "body": [
            paragraph(
                "Cloud computing means renting IT resources over the network instead of owning",
                "them: servers, storage, databases and whole applications are provisioned in",
                "minutes and billed by how much they are used.",
            ),
            heading("Service models"),
            paragraph(
                "<b>Infrastructure as a Service</b> (IaaS) provides virtual machines and networks;",
                "<b>Platform as a Service</b> (PaaS) adds managed runtimes and databases;",
                "<b>Software as a Service</b> (SaaS) delivers finished applications in the browser.",
            ),
            heading("Deployment models"),
            paragraph(
                "A public cloud is shared by many customers, a private cloud serves one",
                "organisation, and a hybrid cloud combines both, for example to keep sensitive",
                "data on premises while scaling analyses in the public cloud.",
            ),
            callout(
                "Elastic, self-service, pay per use", "The three traits every cloud offer shares."
            ),
        ],
    },
    {
        "slug": "what-big-data-definition-five-vs",
        "title": "What is Big Data? – A definition with five Vs",
        "teaser": "Volume, velocity, variety, veracity and value: "
        "five words that explain when data becomes Big Data.",
        "date": "2026-08-25T09:00",
        "authors": ["Aylin Demir"],
        "categories": ["definitions", "big-data-analytics"],
        "tags": ["Big Data", "Analytics", "Hadoop"],
        "colour": (120, 60, 140),
        "body": [
            paragraph(
                "Big Data describes data sets that are too large, too fast or too varied for",
                "classic databases and tools. Five words starting with V help to pin it down.",
            ),
            heading("The five Vs"),
            (
                "paragraph",
                "<ul><li><b>Volume</b>: terabytes and petabytes instead of gigabytes.</li>"
                "<li><b>Velocity</b>: data arrives continuously and must be processed quickly.</li>"
                "<li><b>Variety</b>: logs, sensor readings, texts, images and tables side by side.</li>"
                "<li><b>Veracity</b>: quality and trustworthiness vary and must be checked.</li>"
                "<li><b>Value</b>: only data that leads to better decisions is worth keeping.</li></ul>",
            ),
            heading("Why it matters"),
            paragraph(
                "Distributed platforms such as Hadoop and Spark made it affordable to store and",
                "analyse such data. The hard part today is rarely the technology; it is asking",
                "the right questions and turning answers into action.",
            ),
        ],
    },
    {
        "slug": "what-chief-data-officer-cdo",
        "title": "What is a Chief Data Officer (CDO)?",
        "teaser": "Who owns the data? The Chief Data Officer makes data a managed asset: "
        "responsibilities, skills and where the role sits in the company.",
        "date": "2026-07-30T09:00",
        "authors": ["Lena Hoffmann"],
        "categories": ["definitions", "data-strategy"],
        "tags": ["CDO", "Data Governance", "Data Strategy"],
        "colour": (160, 90, 30),
        "body": [
            paragraph(
                "The Chief Data Officer (CDO) is the executive responsible for a company's data:",
                "its quality, its protection and, above all, its use for the business.",
            ),
            heading("Responsibilities"),
            paragraph(
                "A CDO sets the data strategy, establishes data governance with clear owners",
                "and rules, makes sure regulations such as the GDPR are met, and helps",
                "departments build data products that pay off.",
            ),
            heading("Skills"),
            paragraph(
                "The role needs technical understanding as much as diplomacy: a CDO translates",
                "between IT, legal and the business and wins support across departments.",
            ),
        ],
    },
    {
        "slug": "digital-transformation-what-term-really-means",
        "title": "Digital transformation: what the term really means",
        "teaser": "Not every new app is a transformation. A definition of digital "
        "transformation and how it differs from simply going digital.",
        "date": "2026-06-18T09:00",
        "authors": ["Lena Hoffmann"],
        "categories": ["definitions", "data-strategy"],
        "tags": ["Digitalization", "Data Strategy"],
        "colour": (40, 90, 160),
        "body": [
            paragraph(
                "Digitization turns paper into data; digitalization improves processes with",
                "that data. Digital transformation goes further: it changes business models,",
                "products and the way an organisation decides.",
            ),
            heading("Three levels"),
            paragraph(
                "Companies usually move from digitizing records to automating processes and",
                "finally to offering services that only exist because data flows between",
                "customers, products and partners.",
            ),
        ],
    },
    {
        "slug": "hadoop-2-practice-five-lessons",
        "title": "Hadoop 2 in practice: five lessons from real projects",
        "teaser": "YARN, HDFS and a lot of organisation: what we learned building Big Data "
        "platforms on Hadoop 2 for our customers.",
        "date": "2026-05-27T09:00",
        "authors": ["Jonas Weber", "Aylin Demir"],
        "categories": ["big-data-analytics"],
        "tags": ["Hadoop", "Big Data", "Data Lake"],
        "colour": (190, 140, 20),
        "body": [
            paragraph(
                "Hadoop 2 separated resource management (YARN) from storage (HDFS) and opened",
                "the platform to engines beyond MapReduce. In projects, success depended less on",
                "the version than on five habits.",
            ),
            heading("Start with a use case"),
            paragraph(
                "A cluster without a question becomes an expensive archive. Pick one decision to improve first."
            ),
            heading("Plan data ownership early"),
            paragraph("Every data set needs an owner who answers for its meaning and quality."),
            heading("Automate operations"),
            paragraph(
                "Provision clusters with code, monitor jobs, and test upgrades before production."
            ),
        ],
    },
    {
        "slug": "data-lakes-without-swamp-checklist",
        "title": "Data lakes without the swamp: a checklist",
        "teaser": "A data lake collects everything, and that is its risk. "
        "Seven checks that keep it usable.",
        "date": "2026-04-22T09:00",
        "authors": ["Aylin Demir"],
        "categories": ["big-data-analytics", "data-strategy"],
        "tags": ["Data Lake", "Data Governance", "Big Data"],
        "colour": (30, 130, 150),
        "body": [
            paragraph(
                "A data lake stores raw data in its original form so that it can be analysed",
                "later. Without catalogue, owners and access rules it quickly turns into a swamp.",
            ),
            heading("The checklist"),
            (
                "paragraph",
                "<ol><li>Catalogue every data set on arrival.</li><li>Name an owner.</li>"
                "<li>Record where data came from.</li><li>Classify personal data.</li>"
                "<li>Define retention periods.</li><li>Separate raw and curated zones.</li>"
                "<li>Measure what is actually used.</li></ol>",
            ),
        ],
    },
    {
        "slug": "machine-learning-production-notebook-service",
        "title": "Machine learning in production: from notebook to service",
        "teaser": "A model in a notebook helps nobody. How to turn an experiment into a "
        "service that runs, is monitored and can be retrained.",
        "date": "2026-03-19T09:00",
        "authors": ["Aylin Demir"],
        "categories": ["big-data-analytics"],
        "tags": ["Machine Learning", "Analytics", "MLOps"],
        "colour": (170, 50, 60),
        "body": [
            paragraph(
                "Most machine learning models never leave the data scientist's laptop. The gap",
                "between a good experiment and a dependable service is mostly engineering.",
            ),
            heading("Version data, code and models"),
            paragraph("Reproducibility starts with knowing which data trained which model."),
            heading("Monitor drift"),
            paragraph(
                "Inputs change over time; watch their distribution and retrain when predictions degrade."
            ),
            (
                "quote",
                {
                    "quote": "A model is only as good as the pipeline that feeds it.",
                    "attribution": "A lesson from many projects",
                },
            ),
        ],
    },
    {
        "slug": "moving-analytics-cloud-four-steps",
        "title": "Moving analytics to the cloud: a migration path in four steps",
        "teaser": "Assess, move, modernise, optimise: a pragmatic way to bring a data "
        "warehouse and its reports into the cloud.",
        "date": "2026-02-24T09:00",
        "authors": ["Jonas Weber"],
        "categories": ["cloud", "big-data-analytics"],
        "tags": ["Cloud Computing", "Analytics", "Data Warehouse"],
        "colour": (60, 120, 60),
        "body": [
            paragraph(
                "Analytics workloads profit from the cloud's elasticity: large queries get",
                "large machines for minutes, not for years.",
            ),
            heading("1. Assess"),
            paragraph("List sources, reports, users and the costs you have today."),
            heading("2. Move"),
            paragraph("Lift the warehouse first, keep reports working, measure."),
            heading("3. Modernise"),
            paragraph("Replace nightly batches with managed services where it pays off."),
            heading("4. Optimise"),
            paragraph("Watch spending, switch off what nobody uses, automate scaling."),
        ],
    },
    {
        "slug": "predictive-maintenance-iot-meets-machine-learning",
        "title": "Predictive maintenance: where IoT meets machine learning",
        "teaser": "Sensors report, models predict, technicians arrive before the machine "
        "breaks. A look at predictive maintenance in Industry 4.0.",
        "date": "2026-01-21T09:00",
        "authors": ["Lena Hoffmann", "Aylin Demir"],
        "categories": ["big-data-analytics"],
        "tags": ["Internet of Things", "Machine Learning", "Industry 4.0"],
        "colour": (100, 70, 30),
        "body": [
            paragraph(
                "Predictive maintenance combines sensor data from connected machines with",
                "models that recognise the patterns preceding a failure.",
            ),
            heading("What it takes"),
            paragraph(
                "Reliable sensor data, a history of past failures to learn from, and a process",
                "that turns a prediction into a scheduled repair.",
            ),
            callout("Repair before it breaks", "Less downtime, fewer spare parts in stock."),
        ],
    },
    {
        "slug": "gdpr-data-teams-everyday-work",
        "title": "GDPR for data teams: what changes in everyday work",
        "teaser": "Purpose limitation, data minimisation, deletion: how the GDPR shapes "
        "pipelines, analyses and test data.",
        "date": "2025-12-10T09:00",
        "authors": ["Lena Hoffmann"],
        "categories": ["data-strategy"],
        "tags": ["GDPR", "Data Governance"],
        "colour": (50, 60, 130),
        "body": [
            paragraph(
                "The General Data Protection Regulation applies to every analysis that touches",
                "personal data. For data teams it becomes part of the design, not an afterthought.",
            ),
            heading("Privacy by design"),
            paragraph(
                "Pseudonymise early, keep only the fields a purpose needs, and delete on schedule."
            ),
            heading("Test data"),
            paragraph(
                "Copies of production data in test systems need the same protection, or synthetic replacements."
            ),
        ],
    },
    {
        "slug": "streaming-data-apache-kafka-when-batch-not-enough",
        "title": "Streaming data with Apache Kafka: when batch is not enough",
        "teaser": "Events instead of nightly files: when streaming pays off and what "
        "Kafka brings to a data platform.",
        "date": "2025-11-12T09:00",
        "authors": ["Jonas Weber"],
        "categories": ["big-data-analytics"],
        "tags": ["Kafka", "Streaming", "Big Data"],
        "colour": (20, 20, 20),
        "body": [
            paragraph(
                "Batch processing answers yesterday's questions. When decisions must follow",
                "events within seconds, a streaming platform such as Apache Kafka helps.",
            ),
            heading("Typical uses"),
            paragraph(
                "Fraud detection, live dashboards, machine telemetry and keeping systems in sync."
            ),
        ],
    },
    {
        "slug": "dashboards-that-get-used",
        "title": "Dashboards that get used: designing for decisions",
        "teaser": "Fewer charts, clearer questions: how to build dashboards that people "
        "open every morning.",
        "date": "2025-10-08T09:00",
        "authors": ["Aylin Demir"],
        "categories": ["big-data-analytics"],
        "tags": ["Analytics", "Visualization"],
        "colour": (200, 80, 40),
        "body": [
            paragraph(
                "A dashboard is a tool for a decision. Start from the decision, then choose the",
                "few figures that inform it.",
            ),
            heading("Three rules"),
            paragraph(
                "One question per view, comparisons instead of raw numbers, and a clear owner for every figure."
            ),
        ],
    },
]

# Glossary terms: (name, variants, case-sensitive variants, short definition, related,
# not to be confused with, defining post slug).
GLOSSARY_TERMS = [
    (
        "Industry 4.0",
        "Industrie 4.0\nFourth Industrial Revolution",
        "I40",
        "The digital networking of people, machines and products in industrial production.",
        ["Smart Factory", "Industrial Internet", "M2M"],
        ["Internet of Things"],
        SEED_SLUG,
    ),
    (
        "Industrial Internet",
        "Industrial Internet",
        "",
        "The English-speaking world's name for Industry 4.0: connected, automated industrial production.",
        ["Industry 4.0"],
        [],
        SEED_SLUG,
    ),
    (
        "Internet of Things",
        "IoT\nInternet of Everything",
        "",
        "Everyday objects that are connected to the internet and collect data about their use and surroundings.",
        ["Industrial Internet of Things", "M2M"],
        ["Industry 4.0"],
        SEED_SLUG,
    ),
    (
        "Industrial Internet of Things",
        "IIoT",
        "",
        "The meeting of Industry 4.0 and the Internet of Things: connected machines, sensors and data across industry.",
        ["Industry 4.0", "Internet of Things"],
        [],
        SEED_SLUG,
    ),
    (
        "M2M",
        "Machine-to-Machine\nMachine-to-Machine communication\nM2M communication",
        "",
        "Machine-to-Machine communication: devices exchange data with each other without human involvement.",
        ["Internet of Things"],
        [],
        None,
    ),
    (
        "Smart Factory",
        "Smart Factories",
        "",
        "A highly automated, connected production site whose machines monitor and optimise themselves.",
        ["Industry 4.0"],
        [],
        None,
    ),
    (
        "Big Data",
        "",
        "",
        "Data sets too large, fast or varied for classic databases, described by the five Vs.",
        ["Hadoop", "Data Lake"],
        [],
        "what-big-data-definition-five-vs",
    ),
    (
        "Cloud Computing",
        "Cloud\ncloud services",
        "",
        "IT resources such as servers, storage and software rented over the network and billed by use.",
        ["SaaS"],
        [],
        "what-cloud-computing-definition",
    ),
    (
        "Chief Data Officer",
        "Chief Data Officers",
        "CDO",
        "The executive responsible for a company's data: its quality, protection and use.",
        ["Data Governance"],
        [],
        "what-chief-data-officer-cdo",
    ),
    (
        "Digitalization",
        "Digitalisation\ndigitalization of the economy",
        "",
        "Improving processes and business models with digital technology and data.",
        ["Digital Transformation"],
        ["Digital Transformation"],
        "digital-transformation-what-term-really-means",
    ),
    (
        "Digital Transformation",
        "",
        "",
        "The deep change of business models, products and decisions that digital technology makes possible.",
        ["Digitalization"],
        ["Digitalization"],
        "digital-transformation-what-term-really-means",
    ),
    (
        "Hadoop",
        "Apache Hadoop\nHadoop 2",
        "",
        "An open-source framework for storing and processing very large data sets on clusters of computers.",
        ["Big Data"],
        [],
        "hadoop-2-practice-five-lessons",
    ),
    (
        "Data Lake",
        "Data Lakes",
        "",
        "A store that keeps raw data in its original form until someone needs to analyse it.",
        ["Big Data", "Data Governance"],
        [],
        "data-lakes-without-swamp-checklist",
    ),
    (
        "Data Governance",
        "",
        "",
        "The rules, roles and processes that keep a company's data accurate, protected and usable.",
        ["Chief Data Officer"],
        [],
        None,
    ),
    (
        "Machine Learning",
        "",
        "ML",
        "Methods that let computers learn patterns from data instead of following fixed rules.",
        [],
        [],
        "machine-learning-production-notebook-service",
    ),
    (
        "SaaS",
        "Software as a Service",
        "",
        "Software delivered over the internet and used in the browser instead of being installed.",
        ["Cloud Computing"],
        [],
        "what-cloud-computing-definition",
    ),
    (
        "GDPR",
        "General Data Protection Regulation\nDSGVO",
        "",
        "The EU's General Data Protection Regulation, which governs how personal data may be processed.",
        ["Data Governance"],
        [],
        "gdpr-data-teams-everyday-work",
    ),
    (
        "Apache Kafka",
        "Kafka",
        "",
        "An open-source platform for streaming events between systems in real time.",
        ["Big Data"],
        [],
        "streaming-data-apache-kafka-when-batch-not-enough",
    ),
]

WHITEPAPER = {
    "title": "Hadoop 2",
    "slug": "whitepaper-hadoop-2",
    "subtitle": "How to realize big data projects successfully",
    "language_label": "German version",
    "filename": "whitepaper-hadoop-2-de.pdf",
    "colour": (18, 70, 120),
    "description": (
        "<p>Hadoop 2 brought YARN, and with it a cluster that runs far more than MapReduce. "
        "Our whitepaper (in German) walks through planning a big data project on Hadoop 2: "
        "picking the first use case, sizing the cluster, getting data in, and the pitfalls "
        "we met in real projects.</p>"
        "<ul><li>Architecture of Hadoop 2 and YARN in plain words</li>"
        "<li>A checklist for your first big data project</li>"
        "<li>Lessons from projects in industry and retail</li></ul>"
    ),
    "pdf_pages": [
        (
            "Hadoop 2: Wie Big-Data-Projekte gelingen",
            [
                "Whitepaper (deutsche Fassung)",
                "",
                "Mit Hadoop 2 und YARN wird aus dem MapReduce-Cluster eine Plattform",
                "für viele Verarbeitungsarten: Batch, interaktive Abfragen und Streams.",
                "",
                "Dieses Demo-Dokument wurde lokal erzeugt und steht für das echte",
                "Whitepaper, das Leser nach dem Formular erhalten.",
            ],
        ),
        (
            "Checkliste für das erste Projekt",
            [
                "1. Einen Anwendungsfall mit messbarem Nutzen wählen.",
                "2. Datenquellen, Datenmengen und Datenschutz klären.",
                "3. Den Cluster klein beginnen und mit den Daten wachsen lassen.",
                "4. Ergebnisse früh den Fachabteilungen zeigen.",
            ],
        ),
    ],
}
