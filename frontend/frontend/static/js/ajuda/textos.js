// The help of each screen (the "?" beside its title, ui/ajuda.js), keyed by the screen's route:
// what the screen is for and how to do its main task, in a few plain sentences for the studio's
// office. Edit the words here; a route without an entry shows no "?".

export const TEXTOS = {
  "/dashboard": {
    titulo: "Dashboard",
    paragrafos: [
      "O resumo do dinheiro do estúdio: saldo das contas, receitas e despesas do período, o que falta receber e pagar e o que já venceu.",
      "Escolha as datas em De e Até, ou uma conta só, para ver outro período; “Este mês” volta ao mês atual.",
      "Clique em um cartão para abrir os lançamentos que formam aquele valor.",
      "A tela se atualiza sozinha quando alguém lança, recebe ou paga algo: pode deixá-la aberta o dia todo.",
    ],
  },
  "/financeiro": {
    titulo: "Lançamentos",
    paragrafos: [
      "Aqui ficam as receitas (o que o estúdio tem a receber) e as despesas (o que tem a pagar), com vencimento, conta e categoria.",
      "Para registrar uma, use “Novo lançamento”; um contrato pago em várias vezes pode ser parcelado ali mesmo.",
      "Quando o dinheiro entrar ou sair, use “Receber” ou “Pagar” na linha: o lançamento fica pago e o saldo da conta muda.",
      "Troque o mês com as setas ou os atalhos (Vencidos, Próximos 30 dias...) e use os filtros para achar um lançamento.",
      "“Exportar CSV” baixa a lista que está na tela para abrir no Excel.",
      "“Exportar” gera a mesma lista em Excel (com números e datas de verdade, e os totais) ou em PDF; escolha um período com início e fim, de até 5 anos. O download começa sozinho quando o arquivo fica pronto.",
    ],
  },
  "/financeiro/extratos": {
    titulo: "Extratos",
    paragrafos: [
      "O extrato do banco mostra o que de fato entrou e saiu da conta; trazê-lo para cá é o primeiro passo para conferir os lançamentos.",
      "No internet banking, baixe o extrato no formato OFX (às vezes chamado de “Money”).",
      "Escolha a conta, selecione o arquivo e clique em “Importar extrato”. Importar o mesmo arquivo de novo não duplica nada.",
      "Clique em um extrato da lista para ver as transações dele; depois, confira-as em Conciliação.",
    ],
  },
  "/financeiro/conciliacao": {
    titulo: "Conciliação",
    paragrafos: [
      "Conciliar é ligar cada transação do extrato ao lançamento que ela paga ou recebe, para ter certeza de que nada ficou de fora.",
      "Escolha o extrato. Em “A conciliar”, cada transação traz sugestões de lançamentos: confira e clique em conciliar.",
      "Sem sugestão boa, escolha os lançamentos em aberto à mão ou crie um lançamento a partir da transação.",
      "Regras ensinam o sistema a reconhecer transações que se repetem, como tarifas; “Conciliar automaticamente” aplica as sugestões mais seguras de uma vez.",
      "Em “Conciliadas” você vê o que já foi feito e pode desfazer uma conciliação errada.",
    ],
  },
  "/financeiro/cobranca": {
    titulo: "Cobrança",
    paragrafos: [
      "Remessa é o arquivo que leva os boletos ao banco: escolha os títulos em aberto, gere a remessa e envie o arquivo pelo internet banking.",
      "Retorno é a resposta do banco: importe-o em “Retornos” e cada título pago vira um recebimento, com juros, desconto e a tarifa do banco; importar o mesmo arquivo de novo não paga nada duas vezes.",
      "“Arquivos” guarda cada remessa e cada retorno, linha por linha, com o que cada linha fez.",
      "Em “Pagamentos”, escolha despesas para pagar por arquivo: boleto (pelo código de barras), PIX, TED ou crédito em conta, conforme os dados do fornecedor.",
    ],
  },
  "/relatorios": {
    titulo: "Fluxo de caixa",
    paragrafos: [
      "O dinheiro que de fato entrou e saiu das contas, pela data em que foi recebido ou pago (com juros e descontos), e o saldo no fim de cada dia, semana ou mês.",
      "Escolha o período, como quer agrupar e, se quiser, uma conta só. Até hoje, o último saldo é igual ao saldo atual das contas.",
      "O saldo inicial de cada conta vale a partir da data informada no cadastro dela: o que foi pago antes dessa data já está nele.",
      "Com um centro de custo, a tela mostra só a parte dele em cada pagamento (um rateio é repartido na mesma proporção) e o saldo começa em zero: é o resultado de caixa acumulado do centro.",
      "Clique em um período (na tabela ou no gráfico) para ver os lançamentos pagos e recebidos naqueles dias.",
    ],
  },
  "/relatorios/projecao": {
    titulo: "Projeção de caixa",
    paragrafos: [
      "Quanto o estúdio terá nas contas em cada dia, se tudo o que está em aberto for recebido e pago no vencimento. Bom para abrir toda segunda-feira.",
      "O ponto vermelho no gráfico marca o dia do menor saldo: se ficar negativo, é hora de cobrar, negociar um prazo ou guardar dinheiro antes.",
      "O que já venceu e não foi pago pode contar como se entrasse ou saísse hoje, ou ficar de fora; o total vencido aparece à parte nos dois casos.",
      "Em “E se os clientes atrasarem?”, escolha um atraso e, se quiser, só alguns clientes, para ver o saldo caso paguem depois do combinado.",
      "Com um centro de custo, entra só a parte dele do que está em aberto, e o saldo começa em zero.",
      "Clique em um dia para ver os lançamentos em aberto que vencem nele.",
    ],
  },
  "/cadastros/contas": {
    titulo: "Contas",
    paragrafos: [
      "As contas são os lugares onde o estúdio guarda dinheiro: contas no banco, o caixa em dinheiro, cartões e aplicações.",
      "Use “Nova conta”, escolha o banco e informe o saldo que a conta tinha em uma data; dali em diante o saldo atual é calculado pelos lançamentos pagos.",
      "Clique em uma conta para corrigir os dados ou desativá-la; uma conta desativada some das escolhas mas continua nos relatórios.",
    ],
  },
  "/cadastros/categorias": {
    titulo: "Categorias",
    paragrafos: [
      "As categorias (o plano de contas) dizem de que é cada receita e despesa, para os relatórios mostrarem onde o dinheiro entra e sai.",
      "Se está começando, use o plano de contas sugerido para estúdios de fotografia e ajuste depois.",
      "“Nova categoria” cria uma principal; “+ Subcategoria” cria uma dentro de outra (até quatro níveis).",
      "“Subir” e “Descer” mudam a ordem; “Editar” renomeia, muda de lugar ou desativa uma categoria que não se usa mais.",
    ],
  },
  "/cadastros/centros-custo": {
    titulo: "Centros de custo",
    paragrafos: [
      "Os centros de custo separam as receitas e despesas por linha de trabalho ou parte do estúdio — Casamentos, Ensaios, Formaturas, Estúdio (estrutura) — para os relatórios mostrarem quanto cada uma dá de lucro.",
      "Use “Novo centro de custo” e dê um nome; o código é opcional, para quando o contador usa um.",
      "Nos lançamentos, cada receita ou despesa pode ir para um centro de custo ou ser dividida (rateada) entre vários.",
      "Clique em um centro para renomeá-lo ou desativá-lo; um centro já usado em lançamentos não pode ser excluído, só desativado.",
    ],
  },
  "/cadastros/clientes": {
    titulo: "Clientes",
    paragrafos: [
      "Os clientes do estúdio: noivos, famílias, formandos e empresas que contratam os trabalhos.",
      "Use “Novo cliente” para cadastrar um; CPF ou CNPJ, e-mail e telefone ajudam a encontrá-lo depois e a reconhecer os pagamentos dele no extrato.",
      "Se você já tem os clientes em uma planilha, use “Importar CSV”: baixe o modelo, copie os dados para ele e envie o arquivo.",
      "Clique em um cliente para corrigir os dados ou desativá-lo.",
    ],
  },
  "/cadastros/fornecedores": {
    titulo: "Fornecedores",
    paragrafos: [
      "Os fornecedores são de quem o estúdio compra ou a quem paga: laboratório, locadora de equipamentos, freelancers, aluguel, contador.",
      "Use “Novo fornecedor” para cadastrar um, ou “Importar CSV” para trazer uma planilha inteira de uma vez.",
      "Com o CNPJ ou CPF cadastrado, a conciliação reconhece melhor os pagamentos feitos a ele.",
    ],
  },
  "/administracao/usuarios": {
    titulo: "Usuários",
    paragrafos: [
      "Aqui você dá acesso ao sistema para a equipe do estúdio.",
      "Use “Novo usuário”, escolha o nome de usuário e uma senha inicial, e marque o que a pessoa pode fazer em cada módulo: Sem acesso, Ler ou Escrever.",
      "Administrador pode também cuidar dos usuários e ver a auditoria.",
      "Clique em um usuário para mudar as permissões, gerar uma nova senha temporária ou desativar o acesso de quem saiu.",
    ],
  },
  "/administracao/auditoria": {
    titulo: "Auditoria",
    paragrafos: [
      "A auditoria registra quem fez o quê e quando: cada cadastro, lançamento, importação e entrada no sistema.",
      "Use os filtros de data para achar um período e clique em um registro para ver como estava antes e como ficou depois.",
      "Use-a para entender uma mudança inesperada, por exemplo quem alterou o valor de um lançamento.",
    ],
  },
  "/conta": {
    titulo: "Minha conta",
    paragrafos: [
      "No seu nome, no alto da tela, ficam as opções da sua própria conta.",
      "“Trocar senha” muda a sua senha: escolha uma que só você saiba.",
      "Se você trabalha em mais de uma empresa, escolha a empresa ao lado do seu nome.",
      "Ao terminar, clique em “Sair”, principalmente em computadores que outras pessoas usam.",
    ],
  },
  "/relatorios/inadimplencia": {
    titulo: "Inadimplência",
    paragrafos: [
      "Mostra quanto o estúdio tinha a receber numa data (hoje, se você não escolher outra) e há quanto tempo cada valor está vencido.",
      "As faixas (a vencer, 1 a 30 dias, 31 a 60...) somam exatamente o total em aberto.",
      "Com uma data passada, a tela mostra a situação daquele dia: um pagamento feito depois dela ainda aparece como em aberto.",
      "Com um centro de custo, conta só a parte dele de cada valor em aberto.",
      "Clique em um cliente para ver os lançamentos dele em aberto e, dali, abrir esses lançamentos no Financeiro. Em “Ver o extrato do cliente”, o que ele deve e pagou, para exportar em PDF e enviar a ele.",
    ],
  },
  "/relatorios/analise": {
    titulo: "Análise por categoria",
    paragrafos: [
      "Mostra as receitas ou as despesas do período em cada categoria do plano de contas, com o quanto cada uma representa do total.",
      "O valor de uma categoria já inclui o das subcategorias dela; as categorias principais somam 100%.",
      "Competência conta cada lançamento no mês a que ele pertence; caixa conta o dinheiro na data em que foi pago ou recebido.",
      "Escolha um centro de custo para ver só a parte dele (um rateio conta pela parte de cada centro).",
      "Clique em uma categoria para abrir os lançamentos dela (e das subcategorias) no Financeiro, com as mesmas datas.",
    ],
  },
  "/relatorios/dre": {
    titulo: "DRE gerencial",
    paragrafos: [
      "O resultado do estúdio no período, de cima para baixo: receita bruta, deduções, receita líquida, custos dos serviços, lucro bruto, despesas operacionais, resultado financeiro e, no fim, o resultado do período.",
      "Cada categoria entra na linha do seu grupo da DRE (em Cadastros › Categorias). Aportes, retiradas, transferências e empréstimos não são resultado: aparecem à parte, embaixo.",
      "Competência conta cada lançamento no mês a que ele pertence; caixa conta o dinheiro na data em que foi pago ou recebido. Escolha um centro de custo para ver só a parte dele.",
      "A análise vertical mostra cada linha como % da receita líquida; a horizontal, a variação contra o mês anterior (ou, no total e por centro, contra o período anterior de mesma duração).",
      "Clique em uma linha para ver as categorias dela, e em uma categoria para abrir os lançamentos no Financeiro com o mesmo filtro.",
    ],
  },
  "/relatorios/comparativo": {
    titulo: "Comparativo",
    paragrafos: [
      "Coloca lado a lado as receitas e as despesas de dois períodos, categoria por categoria, com a diferença em reais e em porcentagem.",
      "O período B é o que você está olhando (este mês, se não escolher outro); o A é a base de comparação: sem escolha, as mesmas datas um ano antes, porque os meses de um estúdio se repetem de ano em ano (casamentos, fim de ano).",
      "Variação = B menos A; em %, sobre o valor de A. Sem valor em A não há porcentagem (aparece “—”). Nas receitas, subir é bom (verde); nas despesas, cair é bom.",
      "O resultado é o mesmo da DRE: receitas menos despesas, sem aportes e retiradas dos sócios. Clique em uma categoria para abrir os lançamentos dela no Financeiro, com as datas do período B.",
    ],
  },
  "/relatorios/indicadores": {
    titulo: "Indicadores",
    paragrafos: [
      "Cada cartão mostra um indicador do período e, embaixo, a fórmula com os números usados, para você conferir com a DRE e o Financeiro.",
      "Margens: lucro bruto e resultado do período sobre a receita líquida. Custos variáveis são as deduções e os custos dos serviços; despesas fixas, as despesas operacionais. Margem de contribuição = receita bruta menos custos variáveis; o ponto de equilíbrio é a receita bruta que paga as despesas fixas.",
      "Ticket médio = receita bruta ÷ número de receitas. Prazo médio de recebimento (e de pagamento) = o que estava em aberto no fim do período ÷ a receita (ou os custos e despesas) × os dias do período.",
      "Inadimplência = o vencido em aberto no fim do período ÷ todo o valor a receber em aberto. Quando falta a base de uma conta (sem receita, por exemplo), o cartão mostra “—” e diz por quê.",
    ],
  },
  "/relatorios/eventos": {
    titulo: "Resultado por evento",
    paragrafos: [
      "Quanto cada trabalho rendeu: a receita, o custo e a margem dos eventos que começam no período, um a um, somados por tipo de evento ou pelo fotógrafo principal da equipe.",
      "Cada evento é um centro de custo no Financeiro, e o resultado dele é a vida toda: entram todos os lançamentos do centro, de qualquer data (o sinal pago meses antes, o álbum comprado depois). O período escolhe só quais eventos aparecem.",
      "Entram os eventos já contratados (em produção, entregues, concluídos) e qualquer outro que já tenha receitas ou despesas, como um perdido que ficou com o sinal. Competência conta os lançamentos pelo valor; caixa, o dinheiro que de fato entrou e saiu.",
      "Margem % = margem ÷ receita; sem receita aparece “—”. Clique em um evento para abrir os lançamentos dele no Financeiro.",
    ],
  },
  "/operacional": {
    titulo: "Eventos",
    paragrafos: [
      "Cada trabalho do estúdio — um casamento, um ensaio, uma formatura — é um evento: cliente, datas, local, etapa, equipe, checklist de tarefas e o resultado financeiro.",
      "Use “Novo evento” e escolha o tipo: o evento já vem com o checklist do tipo (por exemplo, reunião de alinhamento 60 dias antes e entrega da galeria 20 dias depois). Os prazos acompanham a data do evento se ela mudar.",
      "A etapa mostra onde o trabalho está: Lead, Orçamento, Contratado, Em produção, Entregue, Concluído — ou Perdido e Cancelado. Dá para avançar várias etapas de uma vez e voltar uma; um evento encerrado só reabre como Lead.",
      "Cada evento ganha um centro de custo em Cadastros com o nome dele: lance as receitas e despesas do trabalho nesse centro (no Financeiro) para ver na página do evento a receita, o custo e a margem.",
      "Na página do evento, marque as tarefas feitas (as atrasadas ficam em vermelho) e monte a equipe com quem trabalha nele: pessoas do estúdio ou freelancers cadastrados como fornecedores.",
    ],
  },
  "/operacional/agenda": {
    titulo: "Agenda",
    paragrafos: [
      "As sessões do estúdio — ensaios, cerimônias, festas, reuniões, entregas — no mês, na semana ou no dia; as setas mudam o período e “Hoje” volta para a data atual.",
      "Use “Nova sessão” para marcar uma: título, tipo, início e término, folgas antes e depois (deslocamento e montagem), local, evento e equipe. Clique numa sessão para alterá-la ou excluí-la.",
      "Se alguém da equipe já está em outra sessão no mesmo horário (contando as folgas), o sistema avisa quem e onde; confira e, se estiver certo, use “Salvar mesmo assim”.",
      "“Assinar agenda” dá um endereço secreto para ver a agenda no Google Agenda, no Outlook ou no celular (a do estúdio inteiro ou a de uma pessoa). “Gerar novo endereço” desativa o antigo.",
      "“Importar .ics” traz eventos exportados de outra agenda; importar o mesmo arquivo de novo não duplica nada, e eventos que mudaram são atualizados.",
    ],
  },
  "/operacional/contratos": {
    titulo: "Contratos",
    paragrafos: [
      "O contrato de cada cliente: o texto (feito a partir de um modelo, com os dados do cliente, do evento e das parcelas), o valor e o plano de pagamento.",
      "Use “Novo contrato”: escolha o cliente, o evento (as parcelas levam o centro de custo dele), o valor e o número de parcelas mensais. O primeiro vencimento pode ser uma data, alguns dias após a assinatura ou antes/depois do evento (por exemplo 30 dias antes); um sinal é opcional.",
      "As parcelas são lançadas como contas a receber no Financeiro, somando exatamente o valor (os centavos que sobram vão para as primeiras). Salvar de novo nunca duplica nada; mudar o plano só mexe nas parcelas em aberto — as pagas ficam como estão.",
      "Se o Financeiro não responder, o contrato fica salvo com o aviso “Parcelas ainda não lançadas no Financeiro”: use “Tentar de novo”.",
      "Aceite eletrônico: “Gerar link de aceite” dá um endereço secreto para enviar ao cliente, que lê o contrato e aceita com nome e CPF, sem senha. Ficam registrados data, hora, IP, navegador e o resumo SHA-256 do PDF aceito, que pode ser conferido depois.",
    ],
  },
  "/operacional/equipamentos": {
    titulo: "Equipamentos",
    paragrafos: [
      "O equipamento do estúdio — câmeras, lentes, flashes, drones, iluminação, áudio, suportes — com número de série, valor, estado e com quem cada item está agora.",
      "Em “Kits”, junte os itens que saem juntos e use “Alocar a uma sessão”: todos os itens do kit ficam reservados pelo horário da sessão, contando as folgas antes e depois. Se algum já está em outra sessão nesse horário (ou em manutenção), nada é alocado e o sistema diz qual sessão tem o item.",
      "“Disponíveis” mostra o que está livre entre um dia e hora e outro. No item, registre a saída (quem levou) e o retorno (em que condição voltou: avariado vai para manutenção, extraviado dá baixa) e agende manutenções, que também bloqueiam o item.",
      "Um item vendido ou perdido é marcado como baixado: continua no histórico, mas não pode mais ser alocado.",
    ],
  },
  "/rh": {
    titulo: "Funcionários",
    paragrafos: [
      "Quem recebe salário ou pró-labore do estúdio: CLT, estagiários e sócios. A folha do mês é calculada a partir destes cadastros.",
      "Use “Novo funcionário” e informe o CPF, a admissão e o salário do mês inteiro; dependentes (para o imposto de renda), jornada e vale-transporte mudam os descontos.",
      "Em “Dados bancários para o salário”, a conta ou a chave PIX onde o salário é pago.",
      "Quando alguém sair do estúdio, informe a data de demissão em vez de excluir: a pessoa sai da folha dos meses seguintes e o histórico fica. A lista mostra os ativos; “Situação” mostra os desligados.",
    ],
  },
  "/rh/folha": {
    titulo: "Folha do mês",
    paragrafos: [
      "A prévia da folha de um mês: para cada pessoa, o salário bruto, o INSS, o imposto de renda, o FGTS, os descontos e o líquido a pagar, com os totais no fim. Troque o mês com as setas.",
      "“Ver holerite” abre as verbas de cada um; em “Como foi calculado” estão as contas, faixa a faixa, pelas tabelas em vigor no mês, e qual dedução do imposto de renda foi usada (a legal ou o desconto simplificado, a que for melhor para o funcionário).",
      "Horas extras, horas noturnas, comissões, faltas e adiantamento mudam de mês a mês: lance-os em “Variáveis” e a folha é recalculada na hora.",
      "O FGTS é depositado pelo estúdio e não sai do salário.",
      "“Processar folha” fecha o mês e lança no Financeiro as contas a pagar: o líquido de cada pessoa (até o 5º dia útil do mês seguinte), a guia do INSS e do imposto de renda (DARF) e a do FGTS (dia 20). Depois disso o mês não muda mais, a não ser por “Reprocessar”, que fica registrado e nunca mexe no que já foi pago.",
    ],
  },
  "/rh/folha/historico": {
    titulo: "Histórico da folha",
    paragrafos: [
      "Os meses já processados, do mais recente ao mais antigo, com os totais e a versão (cada reprocessamento cria uma nova).",
      "Abra um mês para ver os holerites guardados e as contas a pagar que ele lançou no Financeiro.",
    ],
  },
};
