"""Writes pt-br.txt beside this file: `python auth-api/auth/senhas_comuns/gerar_pt_br.py`.

Words a Brazilian office is known to use as passwords (teams, faith, family, affection, cities,
common first names, the studio's own trade, keyboard walks), with what people add to reach the
minimum length (1, 123, @123, a recent year...), plus a few whole ones. Only entries of 8 or more
characters are kept: shorter ones are refused anyway. Built from general knowledge for this
project, not taken from any leak; the words are plain ASCII, as the check compares without accents.
"""
from pathlib import Path

bases = """
senha minhasenha novasenha senhanova senhaforte senhasegura senhafacil suasenha mudar mudarsenha trocar trocarsenha
acesso entrar liberado liberar bemvindo bemvinda admin administrador administracao usuario usuaria teste testando
sistema gestao empresa escritorio trabalho financeiro contabil contabilidade recepcao atendimento caixa estoque
estudio studio fotografia fotografo fotografa foto fotos casamento casamentos eventos evento formatura ensaio
camera canon nikon sony erp erpweb
brasil brasileiro brasileira saopaulo riodejaneiro rio bahia minas minasgerais curitiba recife fortaleza salvador
belohorizonte portoalegre goiania manaus belem brasilia floripa florianopolis campinas santos natal maceio
flamengo corinthians palmeiras saopaulofc vasco vascodagama fluminense botafogo gremio internacional cruzeiro
atletico galo sport ceara coritiba timao mengao verdao porco peixe tricolor colorado fogao mengo fiel
jesus jesuscristo deus deusefiel deuseamor deuseomaior deuseconosco senhor senhorjesus aleluia gloria glorias
coracao meucoracao saudades obrigado obrigada beleza perfeito perfeita
amor meuamor teamo euteamo amorzinho amoreterno amormeu paixao saudade felicidade familia minhafamilia
mae minhamae mamae pai meupai papai filho filha filhos filhas princesa princesinha gatinha gatinho bebe
lindo linda gostosa gostoso fofinho fofinha querida querido estrela lua sol flor florzinha borboleta
chocolate morango brigadeiro cerveja futebol cachorro cachorra gato pipoca bola menino menina
pentacampeao hexa copa carnaval samba pagode forro sertanejo vitoria vencedor guerreiro guerreira
abencoado abencoada gratidao esperanca alegria sucesso dinheiro vida minhavida segredo seguranca
computador internet celular teclado qwerty asdfgh asdfg zxcvbn abcdef abc abcd
itau bradesco nubank santander bancodobrasil caixaeconomica
joao maria jose ana antonio francisco carlos paulo pedro lucas luiz marcos luis gabriel rafael daniel marcelo
bruno eduardo felipe raimundo rodrigo manoel mateus andre fernando fabio leonardo gustavo guilherme leandro
tiago anderson ricardo marcio jorge sebastiao alexandre roberto edson diego vitor sergio claudio matheus thiago
geraldo adriano luciano julio renato alex vinicius rogerio samuel ronaldo mario flavio igor douglas davi
juliana adriana marcia fernanda patricia aline sandra camila amanda bruna jessica leticia julia luciana vanessa
mariana gabriela vera larissa claudia beatriz luana rita sonia renata eliane raquel debora carla simone
francisca fatima rosa paula natalia michele cristina heloisa helena isabela isabel alice laura valentina sophia
enzo miguel arthur heitor bernardo theo lorenzo benicio
""".split()
sufixos = ["", "1", "10", "12", "123", "1234", "12345", "123456", "321", "01", "00", "007", "@123", "#123", "@1234",
           "!", "123!", "@", "_123", ".123"] + [str(a) for a in range(2018, 2027)] + [f"@{a}" for a in range(2020, 2027)]
extras = """
12345678 123456789 1234567890 87654321 11111111 00000000 12341234 12344321 11223344 10203040 102030405
a1b2c3d4 1q2w3e4r q1w2e3r4 1qaz2wsx zaq12wsx qwe12345 abc12345 asd12345 qwerty123 qwerty12 asdf1234
mudar@123 mudar1234 trocar123 senha@123 senha1234 senha12345 senha123456 admin@123 admin1234 admin12345
teste@123 teste1234 teste12345 acesso123 acesso@123 usuario123 inicial123 senhainicial primeiroacesso
brasil2014 brasil2018 brasil2022 brasil2026 rumoaohexa
""".split()
todas = dict.fromkeys(extras)
for b in bases:
    for s in sufixos:
        todas.setdefault(b + s)
lista = [s for s in todas if len(s) >= 8]
with open(Path(__file__).with_name("pt-br.txt"), "w", encoding="utf-8") as f:
    f.write("\n".join(lista) + "\n")
