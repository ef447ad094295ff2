"""Fixed lists the synthetic papers draw from: author names, arXiv cs categories, tags."""

_GIVEN_NAMES = """
Aarav Abdul Ada Adrian Ahmed Aisha Akira Alejandro Alex Alice Amir Ana Andrea Andrei Anna Anton
Arjun Ayumi Beatriz Ben Bo Carlos Chen Chiara Chloe Daniel David Dmitri Elena Emma Erik Fatima
Felix Fei Francesca Gabriel Giulia Hana Hannah Hao Hiroshi Ibrahim Igor Ines Isabel Ivan Jakub
James Jia Jin Joao Jonas Jun Kai Kavya Kenji Kim Laura Lei Leon Li Lin Lucas Luis Maria Marco
Maria Mariam Mateo Mei Mehmet Min Ming Mohammed Nadia Naveen Nikhil Nina Noah Olga Omar Pablo
Paul Pedro Priya Qian Rahul Ravi Rui Sara Sebastian Seo-yeon Shu Sofia Soo-jin Sun Tariq Thomas
Tian Tomas Vera Viktor Wei Xin Yan Yang Yi Yuki Yusuf Zhang Zoe Zhen Lukas Amara Kwame Chidi
"""
_SURNAMES = """
Abe Adeyemi Agarwal Ahmadi Alvarez Andersen Bae Banerjee Becker Bianchi Brown Cai Campbell Cao Chan
Chang Chen Cheng Cho Choi Costa Cruz Das Dubois Duong Fernandes Fischer Fu Gao Garcia Ghosh Gomez
Gupta Han Hassan He Hoang Hu Huang Iyer Jain Jiang Johansson Kang Kato Khan Kim Kobayashi Kowalski
Kumar Kuznetsov Lam Lee Li Liang Lin Liu Lopez Lu Luo Ma Martin Mehta Meyer Moreau Mori Muller
Nair Nakamura Nguyen Novak Okafor Olsen Ortiz Park Patel Peng Petrov Popescu Qian Qiu Rao Reddy
Ricci Rossi Roy Sato Schmidt Shah Shen Shi Silva Singh Smith Song Sun Suzuki Tan Tanaka Tang
Taylor Tran Vasquez Wagner Wang Watanabe Weber Wei Wu Xia Xie Xu Yadav Yamamoto Yan Yang Yao Ye
Yilmaz Yu Yuan Zhang Zhao Zheng Zhou Zhu Zou Ivanova Haddad Mensah Santos Okonkwo Lindqvist
"""
GIVEN_NAMES = sorted(set(_GIVEN_NAMES.split()))
SURNAMES = sorted(set(_SURNAMES.split()))

# (code, arXiv's name, weight as a primary category)
CATEGORIES = [
    ("cs.LG", "Machine Learning", 22), ("cs.CV", "Computer Vision and Pattern Recognition", 20),
    ("cs.CL", "Computation and Language", 16), ("cs.AI", "Artificial Intelligence", 9),
    ("cs.RO", "Robotics", 4), ("cs.CR", "Cryptography and Security", 3.5),
    ("cs.IR", "Information Retrieval", 2.5), ("cs.SE", "Software Engineering", 2.5),
    ("cs.DC", "Distributed, Parallel, and Cluster Computing", 2),
    ("cs.HC", "Human-Computer Interaction", 2), ("cs.NE", "Neural and Evolutionary Computing", 1),
    ("cs.SD", "Sound", 1), ("cs.MA", "Multiagent Systems", 1),
    ("cs.CY", "Computers and Society", 1.5), ("cs.NI", "Networking and Internet Architecture", 1.5),
    ("cs.DS", "Data Structures and Algorithms", 1.2), ("cs.IT", "Information Theory", 1.2),
    ("cs.GT", "Computer Science and Game Theory", 0.8), ("cs.DB", "Databases", 0.8),
    ("cs.PL", "Programming Languages", 0.7), ("cs.AR", "Hardware Architecture", 0.7),
    ("cs.GR", "Graphics", 0.7), ("cs.SI", "Social and Information Networks", 0.7),
    ("cs.LO", "Logic in Computer Science", 0.6), ("cs.CE", "Computational Engineering", 0.5),
    ("cs.MM", "Multimedia", 0.5), ("cs.SY", "Systems and Control", 0.5),
    ("cs.FL", "Formal Languages and Automata Theory", 0.3),
    ("cs.CC", "Computational Complexity", 0.3),
    ("cs.CG", "Computational Geometry", 0.3), ("cs.DL", "Digital Libraries", 0.3),
    ("cs.DM", "Discrete Mathematics", 0.3), ("cs.ET", "Emerging Technologies", 0.3),
    ("cs.MS", "Mathematical Software", 0.2), ("cs.NA", "Numerical Analysis", 0.2),
    ("cs.OS", "Operating Systems", 0.2), ("cs.PF", "Performance", 0.2),
    ("cs.SC", "Symbolic Computation", 0.1), ("cs.GL", "General Literature", 0.05),
    ("cs.OH", "Other Computer Science", 0.1),
]  # fmt: skip

# (slug, name); the first are the most used
TAGS = [
    ("llm", "Large language models"), ("multimodal", "Multimodal"),
    ("efficient-inference", "Efficient inference"), ("agents", "Agents and tools"),
    ("benchmarks", "Benchmarks"), ("fine-tuning", "Fine-tuning"), ("reasoning", "Reasoning"),
    ("retrieval", "Retrieval-augmented generation"), ("code", "Code"),
    ("diffusion", "Diffusion models"), ("quantization", "Quantization"),
    ("long-context", "Long context"), ("alignment", "Alignment and RLHF"),
    ("safety", "Safety"), ("mixture-of-experts", "Mixture of experts"),
    ("robotics", "Robotics"), ("speech", "Speech"), ("video", "Video"),
    ("3d", "3D vision"), ("graphs", "Graph learning"), ("multilingual", "Multilingual"),
    ("distillation", "Distillation"), ("interpretability", "Interpretability"),
    ("federated", "Federated learning"), ("privacy", "Privacy"), ("datasets", "Datasets"),
    ("medical", "Medical"), ("recommendation", "Recommendation"), ("serving", "Serving systems"),
    ("training-systems", "Training systems"), ("reinforcement-learning", "Reinforcement learning"),
    ("hallucination", "Hallucination"), ("unlearning", "Unlearning"),
    ("speculative-decoding", "Speculative decoding"), ("state-space-models", "State space models"),
    ("on-device", "On-device"),
]  # fmt: skip

COMMENTS = [
    "",
    "",
    "",
    "Preprint",
    "Work in progress",
    "Technical report",
    "Accepted at NeurIPS 2024",
    "Accepted to ICLR 2025",
    "Accepted at ACL 2024 (main conference)",
    "CVPR 2025",
    "Accepted at EMNLP 2024 Findings",
    "ICML 2025 camera-ready",
    "Accepted by AAAI 2025",
]
VENUES = ["Proc. NeurIPS", "Proc. ICML", "Proc. ICLR", "Proc. ACL", "Proc. CVPR", "TMLR", "JMLR"]
PICK_NOTES = [
    "A clear idea with careful ablations; worth reading in full.",
    "Strong results at a fraction of the usual compute.",
    "The benchmark everyone will be citing next month.",
    "Simple, well explained, and the code is out.",
    "A useful survey of a fast-moving area.",
    "Surprising negative result, convincingly argued.",
]
